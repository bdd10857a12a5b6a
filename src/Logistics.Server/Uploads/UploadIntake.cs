using Hangfire;
using Logistics.Server.Infrastructure;
using Logistics.Server.Ingest;

namespace Logistics.Server.Uploads;

/// <summary>
/// The one way a file gets in, whoever sends it (the API, the command line, the inbox, the demo, a
/// published what-if): its body metered against its kind's limit and hashed as it streams
/// (<see cref="MeteredBody"/>), then its kind's pipeline from <see cref="UploadCatalog"/>.
/// </summary>
internal sealed class UploadIntake(IntakeContext context)
{
    public static UploadIntake ForCommandLine(Npgsql.NpgsqlDataSource db) => new(IntakeContext.ForCommandLine(db));

    /// <summary>The largest body of <paramref name="kind"/>, from the configuration.</summary>
    public long MaxBodyBytes(UploadKind kind) => UploadCatalog.Of(kind).MaxBodyBytes(context.Config);

    /// <summary>Reads <paramref name="body"/> and records the upload: queued for its load, or already accepted or rejected.</summary>
    /// <exception cref="BodyTooLargeException">the body passed its kind's limit; nothing is kept.</exception>
    /// <exception cref="IdempotencyConflictException">the key was used before with a different body.</exception>
    public async Task<SubmitResult> ReceiveAsync(UploadKind kind, UploadSubmission submission, Stream body, IProgress<long>? progress, CancellationToken ct)
    {
        var spec = UploadCatalog.Of(kind);
        var metered = new MeteredBody(body, spec.MaxBodyBytes(context.Config));
        try { return await spec.Pipeline.ReceiveAsync(context, spec, submission, metered, progress, ct); }
        finally
        {
            await metered.DisposeAsync();
            // What the body was parsed into is garbage now, accepted, rejected or cut off, once off
            // this stack (its state machine holds it until its completion returns). A body that
            // streamed through held nothing: no collection for it.
            if (spec.Pipeline.HoldsBody(submission))
            {
                await Task.Yield();
                MemoryReturn.AfterBody(metered.Bytes);
            }
        }
    }

    /// <summary>After an API receive: the load of an upload left queued goes on the cluster's job queue.</summary>
    public async Task QueueLoadAsync(IBackgroundJobClient jobs, SubmitResult received, CancellationToken ct)
    {
        if (received.Replayed || received.Upload.IsFinal) return;
        var spec = UploadCatalog.Of(UploadKinds.Parse(received.Upload.Kind));
        await spec.Pipeline.QueueLoadAsync(context, jobs, spec, received.Upload.Id, ct);
    }

    /// <summary>Receives and, when the upload is left queued, loads it here and waits (the command line, the demo).</summary>
    /// <param name="staged">told when the body is in and its load begins.</param>
    public async Task<UploadStatus> ImportAsync(UploadKind kind, UploadSubmission submission, Stream body, IProgress<long>? progress, CancellationToken ct,
        Action<UploadStatus>? staged = null)
    {
        var received = (await ReceiveAsync(kind, submission, body, progress, ct)).Upload;
        if (received.IsFinal) return received;
        staged?.Invoke(received);
        var spec = UploadCatalog.Of(kind);
        return await spec.Pipeline.LoadHereAsync(context, spec, received.Id, ct);
    }
}
