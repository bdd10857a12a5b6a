namespace Logistics.Server.Uploads;

/// <summary>
/// The one place upload kinds get their spelling: uploads.kind, the API's upload kind and its paths
/// (/v1/signals/uploads), and the CLI's import argument use the same word.
/// </summary>
public static class UploadKinds
{
    public const string Network = "network";
    public const string Campaigns = "campaigns";
    public const string Signals = "signals";
    public const string Outcomes = "outcomes";
    public const string Capacity = "capacity";

    /// <summary>Every kind, in the order the API document lists them.</summary>
    public static IReadOnlyList<UploadKind> All { get; } = Enum.GetValues<UploadKind>();

    public static string Name(UploadKind kind) => kind switch
    {
        UploadKind.Network => Network,
        UploadKind.Campaigns => Campaigns,
        UploadKind.Signals => Signals,
        UploadKind.Outcomes => Outcomes,
        UploadKind.Capacity => Capacity,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    // Parse is Name read backwards, so the two cannot disagree.
    private static readonly Dictionary<string, UploadKind> ByName = All.ToDictionary(Name, StringComparer.Ordinal);

    /// <exception cref="FormatException">not a kind's spelling.</exception>
    public static UploadKind Parse(string name) =>
        ByName.TryGetValue(name, out var kind) ? kind : throw new FormatException($"no upload kind '{name}'");

    /// <summary>"signals" → "Signals", for operation ids.</summary>
    public static string Pascal(UploadKind kind) => char.ToUpperInvariant(Name(kind)[0]) + Name(kind)[1..];
}
