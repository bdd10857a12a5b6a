using Hangfire;
using Logistics.Server.Uploads;

namespace Logistics.Server.Ingest;

/// <summary>
/// Large files (signals, outcomes: millions of rows): staged as they stream in, then checked and
/// merged by a background job (<see cref="IngestUploadJob"/>) against the kind's <see cref="BulkFormat"/>.
/// </summary>
internal sealed class StagedPipeline(BulkFormat format) : IUploadPipeline, IStagingOwner
{
    /// <summary>The typed rows, the unresolved lines as text, the campaigns' days (<see cref="BulkReceiver"/>).</summary>
    public string TableNames => "u_[0-9a-f]{32}(_text|_campaigns)?";

    /// <summary>A receive holds its upload's lock until the upload's row is in (its tables commit first).</summary>
    public string? LockFor(string table, Guid upload) => BulkReceiver.LockKey(upload);

    public const long DefaultMaxBodyBytes = 4L * 1024 * 1024 * 1024;

    public BulkFormat Format => format;

    /// <summary>A kind staged for its load job; its limit is the setting Logistics__MaxUploadBytes (default 4 GiB).</summary>
    public static UploadKindSpec Spec(UploadKind kind, BulkFormat format) =>
        new(kind, new StagedPipeline(format), DefaultMaxBodyBytes, "Logistics__MaxUploadBytes",
            $"Upload {UploadKinds.Name(kind)} (CSV or JSON): stored at once, validated whole and loaded by a background job.", format.Example);

    /// <summary>A CSV body streams through; a JSON one is read whole first.</summary>
    public bool HoldsBody(UploadSubmission submission) => submission.IsJson;

    public Task<SubmitResult> ReceiveAsync(IntakeContext context, UploadKindSpec kind, UploadSubmission submission, MeteredBody body, IProgress<long>? progress, CancellationToken ct) =>
        Ingest(context).ReceiveAsync(kind.Kind, format, submission, body, progress, ct);

    public Task QueueLoadAsync(IntakeContext context, IBackgroundJobClient jobs, UploadKindSpec kind, Guid upload, CancellationToken ct) =>
        IngestUploadJob.EnqueueAsync(jobs, context.Db, upload, kind.Kind, ct);

    public Task<UploadStatus> LoadHereAsync(IntakeContext context, UploadKindSpec kind, Guid upload, CancellationToken ct) =>
        Ingest(context).ProcessAsync(upload, format, ct);

    private static BulkIngest Ingest(IntakeContext context) => new(context.Db, context.Logs.CreateLogger<BulkIngest>());
}
