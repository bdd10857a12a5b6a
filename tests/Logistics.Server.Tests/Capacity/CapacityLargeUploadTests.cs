using System.Globalization;
using System.Text;
using Dapper;
using Logistics.Server.Capacity;

namespace Logistics.Server.Tests.Capacity;

/// <summary>An upload of at least CapacitySql.OwnPartitionFrom hours becomes a history partition of its own.</summary>
public sealed class CapacityLargeUploadTests(CapacityHost host) : IClassFixture<CapacityHost>
{
    private const string Header = "node,kind,start,hours,parcels\n";
    private const int Lines = 2_100;   // 24 hours each: 50,400 hours
    private static readonly DateTimeOffset Start = new(2026, 11, 11, 0, 0, 0, TimeSpan.Zero);

    private static string Large(string hub, int parcels)
    {
        var sb = new StringBuilder(Header);
        for (var i = 0; i < Lines; i++)
            sb.Append(CultureInfo.InvariantCulture, $"{hub},sort,{Start.AddHours(24 * i):yyyy-MM-ddTHH:mm:ssZ},24,{parcels}\n");
        return sb.ToString();
    }

    private async Task<long> PartitionsAsync()
    {
        await using var conn = await host.Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_inherits WHERE inhparent = 'capacity_history'::regclass");
    }

    private async Task<List<(long Parcels, Guid Upload)>> HistoryAsync(string hub, DateTimeOffset hour)
    {
        await using var conn = await host.Db.OpenConnectionAsync();
        return [.. await conn.QueryAsync<(long, Guid)>("""
            SELECT c.parcels, c.upload_id FROM capacity_history c JOIN hubs h ON h.id = c.node_id
            WHERE h.code = @hub AND c.hour = @hour ORDER BY c.version
            """, new { hub, hour = hour.UtcDateTime })];
    }

    private async Task<(long Parcels, Guid Upload)> EffectiveAsync(string hub, DateTimeOffset hour)
    {
        await using var conn = await host.Db.OpenConnectionAsync();
        return await conn.QuerySingleAsync<(long, Guid)>("""
            SELECT e.parcels, e.upload_id FROM capacity_effective e JOIN hubs h ON h.id = e.node_id
            WHERE h.code = @hub AND e.hour = @hour
            """, new { hub, hour = hour.UtcDateTime });
    }

    [Fact]
    public async Task A_large_upload_gets_its_own_partition_and_supersedes_and_is_superseded_hour_by_hour()
    {
        Assert.True(Lines * 24 >= CapacitySql.OwnPartitionFrom);
        var small = await host.UploadAsync(host.Sf, Header + $"SF-SH,sort,{Start:yyyy-MM-ddTHH:mm:ssZ},2,300\n");
        Assert.Equal("accepted", small.GetProperty("status").GetString());
        var partitions = await PartitionsAsync();

        var large = await host.UploadAsync(host.Sf, Large("SF-SH", 1000));
        Assert.Equal("accepted", large.GetProperty("status").GetString());
        Assert.Equal(Lines, large.GetProperty("rows_total").GetInt64());
        Assert.Equal(Lines * 24, large.GetProperty("rows_applied").GetInt64());
        Assert.Equal(partitions + 1, await PartitionsAsync());
        var later = await host.UploadAsync(host.Sf, Header + $"SF-SH,sort,{Start.AddHours(1):yyyy-MM-ddTHH:mm:ssZ},1,50\n");
        Assert.Equal("accepted", later.GetProperty("status").GetString());
        Assert.Equal(partitions + 1, await PartitionsAsync());   // small ones share a partition

        Guid a = Guid.Parse(small.GetProperty("id").GetString()!), b = Guid.Parse(large.GetProperty("id").GetString()!), c = Guid.Parse(later.GetProperty("id").GetString()!);
        Assert.Equal((1000L, b), await EffectiveAsync("SF-SH", Start));
        Assert.Equal((50L, c), await EffectiveAsync("SF-SH", Start.AddHours(1)));
        Assert.Equal((1000L, b), await EffectiveAsync("SF-SH", Start.AddHours(24 * Lines - 1)));
        Assert.Equal([(300L, a), (1000L, b)], await HistoryAsync("SF-SH", Start));
        Assert.Equal([(300L, a), (1000L, b), (50L, c)], await HistoryAsync("SF-SH", Start.AddHours(1)));

        var view = await Support.Fixtures.GetJsonAsync(host.Client(host.Sf), $"/v1/capacity?node=SF-SH&from={Uri.EscapeDataString(Start.ToString("O"))}&to={Uri.EscapeDataString(Start.AddHours(3).ToString("O"))}");
        Assert.Equal([b.ToString(), c.ToString(), b.ToString()], view.GetProperty("hours").EnumerateArray().Select(h => h.GetProperty("upload").GetString()).ToList());
        Assert.Null(await host.StagedRowsAsync(b));
    }

    [Fact]
    public async Task Overlapping_lines_in_a_large_upload_are_found_by_its_index_build_and_nothing_changes()
    {
        var before = await host.FingerprintAsync();
        var partitions = await PartitionsAsync();
        // Line 3 covers day 1 (24..47 h after the start); the last line repeats one of its hours.
        var overlapping = Start.AddHours(24 + 5).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var status = await host.UploadAsync(host.Sf, Large("SF-BJ", 900) + $"SF-BJ,sort,{overlapping},1,7\n");

        Assert.Equal("rejected", status.GetProperty("status").GetString());
        var e = Assert.Single(status.GetProperty("errors").EnumerateArray());
        Assert.Equal(Lines + 2, e.GetProperty("line").GetInt64());
        Assert.Equal("start", e.GetProperty("column").GetString());
        Assert.Equal(overlapping, e.GetProperty("value").GetString());
        Assert.Equal($"sort SF-BJ at {overlapping} is already covered by line 3", e.GetProperty("reason").GetString());
        Assert.Equal(before, await host.FingerprintAsync());
        Assert.Equal(partitions, await PartitionsAsync());
    }
}
