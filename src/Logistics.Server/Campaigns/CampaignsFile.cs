using Logistics.Server.Ingest;
using Logistics.Server.Uploads;
using Npgsql;

namespace Logistics.Server.Campaigns;

/// <summary>The campaigns upload.</summary>
internal sealed class CampaignsFile : IWholeFile
{
    public static CampaignsFile Instance { get; } = new();

    public IReadOnlyList<string> Required => CampaignRow.Required;
    public IReadOnlyList<string> Optional => [];

    public string Example => """
        code,name,time_zone,sale_days,horizon_start,horizon_end,ship_within_hours
        D11-2026,Double 11 2026,Asia/Shanghai,2026-11-01;2026-11-11,2026-11-01,2026-11-14,72
        """;

    public async Task<long> ApplyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CsvTable file, ErrorReport report, CancellationToken ct)
    {
        var rows = CampaignValidator.Validate(file, report);
        return report.Count == 0 ? await CampaignStore.ApplyAsync(conn, tx, rows, ct) : 0;
    }
}
