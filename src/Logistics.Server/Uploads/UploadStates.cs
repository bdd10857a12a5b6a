namespace Logistics.Server.Uploads;

/// <summary>
/// The one place upload states get their spelling, the same word in uploads.status and in the API.
/// SQL in static strings names a state by its constant (<c>status = '{UploadStates.Queued}'</c>), so
/// the query still reads as SQL and stays a constant.
/// </summary>
public static class UploadStates
{
    public const string Queued = "queued";
    public const string Processing = "processing";
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string Failed = "failed";

    /// <summary>Every state, in the order the API document lists them.</summary>
    public static IReadOnlyList<UploadState> All { get; } = Enum.GetValues<UploadState>();

    public static string Name(UploadState state) => state switch
    {
        UploadState.Queued => Queued,
        UploadState.Processing => Processing,
        UploadState.Accepted => Accepted,
        UploadState.Rejected => Rejected,
        UploadState.Failed => Failed,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    // Parse is Name read backwards, so the two cannot disagree.
    private static readonly Dictionary<string, UploadState> ByName = All.ToDictionary(Name, StringComparer.Ordinal);

    /// <exception cref="FormatException">not a state's spelling.</exception>
    public static UploadState Parse(string name) =>
        ByName.TryGetValue(name, out var state) ? state : throw new FormatException($"no upload state '{name}'");

    /// <summary>A verdict: nothing more will happen to the upload.</summary>
    public static bool IsFinal(UploadState state) => state is UploadState.Accepted or UploadState.Rejected or UploadState.Failed;
}
