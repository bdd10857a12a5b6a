using Hangfire;
using Logistics.Server.Ingest;

namespace Logistics.Server.Uploads;

/// <summary>
/// How one kind's files get in once their body is metered and hashed (<see cref="UploadIntake"/>):
/// read whole and applied in the request, staged for a load job, or capacity's own staging.
/// </summary>
internal interface IUploadPipeline
{
    /// <summary>Whether receiving holds the body (or what it is parsed into) in memory, so the heap is worth returning after it.</summary>
    bool HoldsBody(UploadSubmission submission);

    /// <summary>Reads the body and records the upload: queued for its load, or already accepted or rejected.</summary>
    /// <exception cref="IdempotencyConflictException">the key was used before with a different body.</exception>
    /// <exception cref="BodyTooLargeException">the body is over its limit; nothing is kept.</exception>
    Task<SubmitResult> ReceiveAsync(IntakeContext context, UploadKindSpec kind, UploadSubmission submission, MeteredBody body, IProgress<long>? progress, CancellationToken ct);

    /// <summary>Puts the load of a queued upload on the cluster's job queue (any worker node runs it).</summary>
    Task QueueLoadAsync(IntakeContext context, IBackgroundJobClient jobs, UploadKindSpec kind, Guid upload, CancellationToken ct);

    /// <summary>Loads a queued upload here and waits for its verdict (the command line, the demo).</summary>
    Task<UploadStatus> LoadHereAsync(IntakeContext context, UploadKindSpec kind, Guid upload, CancellationToken ct);
}
