using Logistics.Server.Uploads;

namespace Logistics.Server.Ingest;

/// <summary>
/// A large upload format: its columns, how a line resolves to the typed row of its table, and the
/// SQL that validates and merges a staged file. Lines that resolve are staged typed (ids, dates,
/// counts: the target table's shape plus the line); the rest are staged as text with their line, so
/// the SQL checks name line, column, value and reason for every bad one in one set-based pass.
/// </summary>
internal abstract class BulkFormat
{
    public abstract UploadKind Kind { get; }
    public abstract IReadOnlyList<string> Required { get; }
    public virtual IReadOnlyList<string> Optional => [];
    public IEnumerable<string> Columns => Required.Concat(Optional);

    /// <summary>A short file of this format, for the API document.</summary>
    public abstract string Example { get; }

    /// <summary>The partitioned table the rows land in (partitioned by campaign_id).</summary>
    public abstract string Table { get; }

    /// <summary>The table's columns other than upload_id, as DDL in COPY order (all but the counts NOT NULL).</summary>
    public abstract string TypedColumns { get; }

    /// <summary>The names in <see cref="TypedColumns"/> (whose column definitions hold no comma).</summary>
    public IEnumerable<string> TypedNames => TypedColumns.Split(',').Select(c => c.Trim().Split(' ')[0]);

    /// <summary>Checks of the typed rows <c>{typed}</c> against what may have changed since they were resolved (a campaign's dates).</summary>
    public abstract string TypedRecheck { get; }

    /// <summary>The table's primary key columns.</summary>
    public abstract string Key { get; }

    /// <summary>A resolver for one upload's lines against the network as it was when the upload arrived.</summary>
    public abstract BulkRowResolver Resolver(BulkLookups lookups);

    /// <summary>
    /// One SELECT per check over the text-staged table <c>{staged}</c>, each returning (line bigint,
    /// col text, value text, reason text, rule text: a LineRule code). Duplicates are checked separately, over every line.
    /// </summary>
    public abstract IReadOnlyList<string> Checks { get; }

    /// <summary>The duplicate-key check over <c>{staged}</c>, given every line as text (<see cref="TypedAsText"/> and the text-staged ones).</summary>
    public abstract string Duplicates { get; }

    /// <summary>SELECT of line and the key columns as text from the typed table <c>{typed}</c>, in the order of <see cref="TextKey"/>.</summary>
    public abstract string TypedAsText { get; }

    /// <summary>The key columns of the text-staged table.</summary>
    public abstract string TextKey { get; }

    /// <summary>INSERT into <c>{typed}</c> of the text-staged rows of <c>{staged}</c>, once the checks have passed them.</summary>
    public abstract string TextToTyped { get; }

    /// <summary>Upsert of every typed row of <c>{typed}</c> into <see cref="Table"/> (newer replaces older); @upload is the upload id.</summary>
    public abstract string Merge { get; }
}
