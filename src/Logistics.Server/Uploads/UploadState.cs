namespace Logistics.Server.Uploads;

/// <summary>
/// Where an upload is: received and waiting for its load (queued), being checked and merged
/// (processing), then a verdict. Spelled by <see cref="UploadStates"/> alone.
/// </summary>
public enum UploadState
{
    Queued,
    Processing,
    /// <summary>Every line passed and is in.</summary>
    Accepted,
    /// <summary>Bad lines: nothing of the file is in, and they are listed.</summary>
    Rejected,
    /// <summary>The load could not finish (not the data's fault): nothing is in, the reason is listed.</summary>
    Failed,
}
