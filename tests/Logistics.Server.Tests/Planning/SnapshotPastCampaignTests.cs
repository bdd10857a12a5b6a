using Dapper;
using Logistics.Server.Planning;

namespace Logistics.Server.Tests.Planning;

/// <summary>
/// The forecast learns from the two most recent finished campaigns that have outcomes. Whether a
/// campaign has any is one probe of its rows (the snapshot no longer reads them all to find out);
/// a campaign without outcomes is passed over however recent it is.
/// </summary>
public sealed class SnapshotPastCampaignTests(SmallWorldHost host) : IClassFixture<SmallWorldHost>
{
    [Fact]
    public async Task A_finished_campaign_without_outcomes_is_not_learned_from_however_recent()
    {
        await using (var conn = await host.Db.OpenConnectionAsync())
            await conn.ExecuteAsync("""
                INSERT INTO campaigns (code, name, time_zone, sale_days, horizon_start, horizon_end)
                VALUES ('S618-2026', '618 without outcomes', 'Asia/Shanghai', ARRAY[date '2026-06-18'], '2026-06-01', '2026-06-21')
                """);
        var snapshot = await SnapshotReader.ReadAsync(host.Db, "D11-2026", CancellationToken.None);
        Assert.Equal(["D11-2025"], snapshot.Demand.Past.Select(p => p.Campaign.Code));
    }
}
