using Hangfire;
using Logistics.Server.Auth;
using Logistics.Server.Infrastructure;
using Logistics.Server.Ingest;
using Logistics.Server.Uploads;

namespace Logistics.Server.Capacity;

/// <summary>
/// Capacity files, from carriers and ops: each line checked as it streams in and staged in the
/// history's shape (<see cref="CapacitySubmissions"/>), then loaded whole by <see cref="CapacityLoadJob"/>,
/// or by the request itself when it is small enough and the node runs jobs.
/// </summary>
internal sealed class CapacityPipeline : IUploadPipeline, IStagingOwner
{
    /// <summary>The staged hours, and a direct load's second half (<see cref="CapacityDirectLoad"/>).</summary>
    public string TableNames => "capacity_[0-9a-f]{32}(_b)?";

    /// <summary>A second half is committed before its request attaches it; the request holds its lock until then.</summary>
    public string? LockFor(string table, Guid upload) =>
        table.EndsWith("_b", StringComparison.Ordinal) ? CapacityDirectLoad.LockKey(upload) : null;

    public static UploadKindSpec Spec { get; } = new(UploadKind.Capacity, new CapacityPipeline(), 512L * 1024 * 1024, "Capacity__MaxBodyBytes",
        "Upload hourly capacity (CSV or JSON); checked and staged as it streams in, then loaded whole by a background job.", """
            node,kind,start,hours,parcels
            C01-H05,sort,2026-11-11T00:00:00+08:00,1,4000
            C01-H05,sort,2026-11-11T01:00:00+08:00,24,3500
            W0020,pickup,2026-11-11T00:00:00+08:00,12,900
            """,
        Senders: Policies.CarrierOrOpsWrite, Readers: Policies.CarrierOrOps, Tag: "capacity");

    /// <summary>An upload small enough to load in one go is held sorted (StagingWriter), and the parse's buffers are large.</summary>
    public bool HoldsBody(UploadSubmission submission) => true;

    public Task<SubmitResult> ReceiveAsync(IntakeContext context, UploadKindSpec kind, UploadSubmission submission, MeteredBody body, IProgress<long>? progress, CancellationToken ct) =>
        CapacitySubmissions.StoreAsync(context.Db, context.Capacity, submission, body, progress, ct,
            log: context.Logs.CreateLogger<CapacityLoader>(), loadUpToHours: submission.FromApi ? context.LoadInRequestMaxHours : 0);

    public async Task QueueLoadAsync(IntakeContext context, IBackgroundJobClient jobs, UploadKindSpec kind, Guid upload, CancellationToken ct)
    {
        await FaultPoint.ReachAsync(FaultPoint.CapacityQueued, ct);
        await CapacityLoadJob.EnqueueAsync(jobs, context.Db, upload, ct);
    }

    public Task<UploadStatus> LoadHereAsync(IntakeContext context, UploadKindSpec kind, Guid upload, CancellationToken ct) =>
        new CapacityLoader(context.Db, context.Capacity, context.Logs.CreateLogger<CapacityLoader>()).LoadAsync(upload, ct);
}
