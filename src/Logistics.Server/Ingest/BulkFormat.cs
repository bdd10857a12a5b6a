namespace Logistics.Server.Ingest;

/// <summary>
/// A large upload format: its columns, and the SQL that validates and merges a staged file. Staged
/// rows keep every field as text with the line it came from, so validation can name line, column,
/// value and reason for every bad line in one set-based pass.
/// </summary>
internal abstract class BulkFormat
{
    public abstract string Kind { get; }
    public abstract IReadOnlyList<string> Required { get; }
    public virtual IReadOnlyList<string> Optional => [];
    public IEnumerable<string> Columns => Required.Concat(Optional);

    /// <summary>
    /// One SELECT per check over the staged table <c>s</c> (placeholder <c>{staged}</c>), each
    /// returning (line bigint, col text, value text, reason text).
    /// </summary>
    public abstract IReadOnlyList<string> Checks { get; }

    /// <summary>Statements that load the validated staged rows (placeholders {staged}, @upload).</summary>
    public abstract IReadOnlyList<string> Merge { get; }

    /// <summary>The campaigns a staged file touches, to create their partitions first.</summary>
    public abstract string Partitions { get; }
}
