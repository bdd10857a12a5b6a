using System.Text.Json.Serialization;
using Logistics.Server.Ingest;

namespace Logistics.Server.Uploads;

/// <summary>
/// What became of an upload, as the API shows it. While it is processing, <see cref="Phase"/>
/// (waiting for an earlier upload of its kind, checking, merging) and <see cref="RowsDone"/> (rows
/// through the phases before it) say how far it got; both are null once it has a verdict.
/// </summary>
public sealed record UploadStatus(
    Guid Id,
    string Kind,
    string Status,
    string Source,
    DateTimeOffset Created,
    DateTimeOffset? Finished,
    long? RowsTotal,
    long? RowsApplied,
    int ErrorCount,
    IReadOnlyList<RowError> Errors,
    string? Phase = null,
    long? RowsDone = null)
{
    /// <summary>
    /// <see cref="Status"/> as its type. The record is the API's body, so it keeps the spelling the
    /// JSON carries (and the API document's schema is the string's); code branches on this.
    /// </summary>
    [JsonIgnore] public UploadState State => UploadStates.Parse(Status);

    [JsonIgnore] public bool IsFinal => UploadStates.IsFinal(State);

    /// <summary>Whether it holds <paramref name="kind"/> (<see cref="Kind"/> is the spelling, as <see cref="Status"/> is).</summary>
    public bool Is(UploadKind kind) => Kind == UploadKinds.Name(kind);
}

/// <summary>The result of submitting: the upload, and whether it was an idempotent replay.</summary>
internal sealed record SubmitResult(UploadStatus Upload, bool Replayed)
{
    /// <summary>
    /// The answer to a body sent under an Idempotency-Key already used (<paramref name="earlier"/>, as
    /// UploadStore finds it): the earlier upload again for the same body, a conflict for another.
    /// </summary>
    /// <exception cref="IdempotencyConflictException">a different body, or the earlier upload not found after all.</exception>
    public static SubmitResult Replay((UploadStatus Status, byte[] Sha)? earlier, byte[] sha) =>
        earlier is { } e && e.Sha.AsSpan().SequenceEqual(sha)
            ? new SubmitResult(e.Status, Replayed: true)
            : throw new IdempotencyConflictException(earlier?.Status.Id ?? Guid.Empty);
}

/// <summary>The same Idempotency-Key was used before with a different body.</summary>
internal sealed class IdempotencyConflictException(Guid existing)
    : Exception($"this Idempotency-Key was already used for upload {existing} with a different body")
{
    public Guid Existing { get; } = existing;
}
