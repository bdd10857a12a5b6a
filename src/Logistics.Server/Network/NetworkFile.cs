using Logistics.Server.Ingest;
using Logistics.Server.Uploads;
using Npgsql;

namespace Logistics.Server.Network;

/// <summary>The network upload: checked against the network already stored (a row's parent may be there).</summary>
internal sealed class NetworkFile : IWholeFile
{
    public static NetworkFile Instance { get; } = new();

    public IReadOnlyList<string> Required => NetworkRow.Required;
    public IReadOnlyList<string> Optional => NetworkRow.Optional;

    public string Example => """
        kind,code,name,parent,region
        region,R03,Region 03,,
        carrier,C01,Carrier 01,,
        hub,C01-H05,Carrier 01 hub 05,C01,R03
        warehouse,W0020,Warehouse 0020,,R03
        merchant,M000123,Merchant 000123,,R03
        lane,W0020>C01-H05,,C01,
        merchant_warehouse,M000123>W0020,,,
        """;

    public async Task<long> ApplyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CsvTable file, ErrorReport report, CancellationToken ct)
    {
        var rows = NetworkValidator.Validate(file, await NetworkSnapshot.LoadAsync(conn, tx, ct), report);
        return report.Count == 0 ? await NetworkStore.ApplyAsync(conn, tx, rows, ct) : 0;
    }
}
