using Dapper;
using Logistics.Server.Planning;

namespace Logistics.Server.Tests.Planning;

/// <summary>
/// The snapshot's digest decides whether a run publishes: equal inputs must give an equal digest,
/// and any change in one demand row (a count, unknown against zero, an outcome's parcels or class) another.
/// </summary>
public sealed class SnapshotDigestTests(SmallWorldHost host) : IClassFixture<SmallWorldHost>
{
    private async Task<string> DigestAsync() => (await SnapshotReader.ReadAsync(host.Db, "D11-2026", CancellationToken.None)).Snapshot.InputHash;

    private async Task ExecuteAsync(string sql)
    {
        await using var conn = await host.Db.OpenConnectionAsync();
        Assert.Equal(1, await conn.ExecuteAsync(sql));
    }

    [Fact]
    public async Task The_digest_is_stable_and_changes_with_any_demand_row_and_back()
    {
        var original = await DigestAsync();
        Assert.Equal(original, await DigestAsync());

        const string acme = """
            campaign_id = (SELECT id FROM campaigns WHERE code = 'D11-2026') AND merchant_id = (SELECT id FROM merchants WHERE code = 'M-ACME')
              AND day = '2026-10-10'
            """;
        long carts;
        await using (var conn = await host.Db.OpenConnectionAsync())
            carts = await conn.ExecuteScalarAsync<long>($"SELECT carts FROM demand_signals WHERE {acme}");
        await ExecuteAsync($"UPDATE demand_signals SET carts = carts + 1 WHERE {acme}");
        var changed = await DigestAsync();
        Assert.NotEqual(original, changed);
        await ExecuteAsync($"UPDATE demand_signals SET carts = {carts} WHERE {acme}");
        Assert.Equal(original, await DigestAsync());

        // Unknown is not zero: a count that becomes unknown, and one that becomes 0, are two other inputs.
        await ExecuteAsync($"UPDATE demand_signals SET presale_orders = NULL, page_views = 0 WHERE {acme}");
        var unknown = await DigestAsync();
        await ExecuteAsync($"UPDATE demand_signals SET presale_orders = 0, page_views = NULL WHERE {acme}");
        var zero = await DigestAsync();
        Assert.NotEqual(unknown, zero);
        Assert.DoesNotContain(original, new[] { unknown, zero });

        const string past = """
            campaign_id = (SELECT id FROM campaigns WHERE code = 'D11-2025') AND merchant_id = (SELECT id FROM merchants WHERE code = 'M-BOLT')
              AND day = '2025-11-05' AND hour = 12
            """;
        var before = await DigestAsync();
        await ExecuteAsync($"UPDATE demand_outcomes SET parcels = parcels + 1 WHERE {past}");
        Assert.NotEqual(before, await DigestAsync());
        await ExecuteAsync($"UPDATE demand_outcomes SET parcels = parcels - 1 WHERE {past}");
        Assert.Equal(before, await DigestAsync());

        // The same parcels shipped as bulky goods are another input, and back as parcels the same one.
        await ExecuteAsync($"UPDATE demand_outcomes SET handling = 'bulky' WHERE {past}");
        Assert.NotEqual(before, await DigestAsync());
        await ExecuteAsync($"UPDATE demand_outcomes SET handling = 'parcel' WHERE {past}");
        Assert.Equal(before, await DigestAsync());
    }
}
