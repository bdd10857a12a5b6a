using Logistics.Server.Uploads;

namespace Logistics.Server.Ingest;

/// <summary>
/// The bad lines of a file read whole: every one is counted, the first
/// <see cref="UploadStore.MaxStoredErrors"/> are kept to show. A file bad on every one of a million
/// lines then holds a thousand errors, not a million.
/// </summary>
internal sealed class ErrorReport
{
    private readonly List<RowError> _kept = [];

    public long Total { get; private set; }

    /// <summary>Every error found, kept or not (what checks compare before and after a row).</summary>
    public long Count => Total;

    public void Add(RowError e)
    {
        Total++;
        if (_kept.Count < UploadStore.MaxStoredErrors) _kept.Add(e);
    }

    /// <summary>The kept errors in line order.</summary>
    public IReadOnlyList<RowError> Kept => [.. _kept.OrderBy(e => e.Line)];
}
