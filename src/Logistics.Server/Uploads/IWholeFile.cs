using Logistics.Server.Ingest;
using Npgsql;

namespace Logistics.Server.Uploads;

/// <summary>A kind whose files are read whole, their checks crossing rows (<see cref="WholeFilePipeline"/>).</summary>
internal interface IWholeFile
{
    IReadOnlyList<string> Required { get; }
    IReadOnlyList<string> Optional { get; }

    /// <summary>A short file of this kind, for the API document.</summary>
    string Example { get; }

    /// <summary>Checks the file against what the transaction sees, and applies it when <paramref name="report"/> stays empty.</summary>
    /// <returns>rows applied.</returns>
    Task<long> ApplyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CsvTable file, ErrorReport report, CancellationToken ct);
}
