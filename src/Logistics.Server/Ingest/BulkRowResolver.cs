namespace Logistics.Server.Ingest;

/// <summary>
/// Turns one line's fields into the typed row of a format's table, or says it cannot. It must
/// accept exactly what the format's SQL checks accept: a line it refuses is checked in SQL (and
/// merged after all if the network has grown since), a line it accepts is never checked again.
/// </summary>
internal abstract class BulkRowResolver
{
    /// <summary>The campaign and day of the row last resolved.</summary>
    public long CampaignId { get; protected set; }
    public DateOnly Day { get; protected set; }

    /// <param name="fields">trimmed, in the format's column order (an absent optional column is empty).</param>
    public abstract bool TryResolve(string[] fields);

    /// <summary>Writes the row last resolved, after the line number, in <see cref="BulkFormat.TypedColumns"/> order.</summary>
    public abstract void Write(BinaryCopyWriter copy);
}
