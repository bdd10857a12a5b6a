using System.Globalization;
using System.Text;
using Dapper;
using Logistics.Server.Capacity;
using Logistics.Server.Uploads;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Logistics.Server.Tests.Capacity;

/// <summary>
/// An upload of at least CapacitySql.OwnPartitionFrom hours gets history partitions of its own: two
/// (its halves, COPYed and indexed at once) when its request holds it whole and loads it, one when
/// it is staged and the job loads it.
/// </summary>
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

    private async Task<(long Partitions, long Rows)> OwnPartitionsAsync(Guid upload)
    {
        await using var conn = await host.Db.OpenConnectionAsync();
        return await conn.QuerySingleAsync<(long, long)>("""
            SELECT count(DISTINCT c.tableoid), count(*) FROM capacity_history c WHERE c.upload_id = @upload
              AND c.tableoid <> 'capacity_history_shared'::regclass
            """, new { upload });
    }

    private async Task<long> LeftoverTablesAsync()
    {
        await using var conn = await host.Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'staging' AND tablename LIKE 'capacity\\_%'");
    }

    [Fact]
    public async Task A_large_upload_goes_straight_into_two_partitions_of_its_own_and_supersedes_and_is_superseded_hour_by_hour()
    {
        Assert.True(Lines * 24 >= CapacitySql.OwnPartitionFrom);
        var small = await host.UploadAsync(host.Sf, Header + $"SF-SH,sort,{Start:yyyy-MM-ddTHH:mm:ssZ},2,300\n");
        Assert.Equal("accepted", small.GetProperty("status").GetString());
        var partitions = await PartitionsAsync();

        var large = await host.UploadAsync(host.Sf, Large("SF-SH", 1000));
        Assert.Equal("accepted", large.GetProperty("status").GetString());
        Assert.Equal(Lines, large.GetProperty("rows_total").GetInt64());
        Assert.Equal(Lines * 24, large.GetProperty("rows_applied").GetInt64());
        Assert.Equal(partitions + 2, await PartitionsAsync());
        var later = await host.UploadAsync(host.Sf, Header + $"SF-SH,sort,{Start.AddHours(1):yyyy-MM-ddTHH:mm:ssZ},1,50\n");
        Assert.Equal("accepted", later.GetProperty("status").GetString());
        Assert.Equal(partitions + 2, await PartitionsAsync());   // small ones share a partition

        Guid a = Guid.Parse(small.GetProperty("id").GetString()!), b = Guid.Parse(large.GetProperty("id").GetString()!), c = Guid.Parse(later.GetProperty("id").GetString()!);
        Assert.Equal((1000L, b), await EffectiveAsync("SF-SH", Start));
        Assert.Equal((50L, c), await EffectiveAsync("SF-SH", Start.AddHours(1)));
        Assert.Equal((1000L, b), await EffectiveAsync("SF-SH", Start.AddHours(24 * Lines - 1)));
        Assert.Equal([(300L, a), (1000L, b)], await HistoryAsync("SF-SH", Start));
        Assert.Equal([(300L, a), (1000L, b), (50L, c)], await HistoryAsync("SF-SH", Start.AddHours(1)));

        var view = await Support.Fixtures.GetJsonAsync(host.Client(host.Sf), $"/v1/capacity?node=SF-SH&from={Uri.EscapeDataString(Start.ToString("O"))}&to={Uri.EscapeDataString(Start.AddHours(3).ToString("O"))}");
        Assert.Equal([b.ToString(), c.ToString(), b.ToString()], view.GetProperty("hours").EnumerateArray().Select(h => h.GetProperty("upload").GetString()).ToList());
        Assert.Equal((2L, (long)Lines * 24), await OwnPartitionsAsync(b));
        Assert.Equal(0, await LeftoverTablesAsync());
    }

    [Fact]
    public async Task A_large_upload_the_job_loads_is_staged_and_becomes_one_partition()
    {
        var partitions = await PartitionsAsync();
        // Another load holds the merge: the request stages the upload and leaves it to the job.
        await using var blocker = await host.Db.OpenConnectionAsync();
        await blocker.ExecuteAsync("SELECT pg_advisory_lock(hashtextextended('capacity-merge', 0))");
        var posted = await host.PostAsync(host.Sf, Encoding.UTF8.GetBytes(Large("SF-BJ", 700)));
        Assert.Equal("queued", posted.GetProperty("status").GetString());
        var id = Guid.Parse(posted.GetProperty("id").GetString()!);
        Assert.Equal(Lines * 24, await host.StagedRowsAsync(id));
        await blocker.ExecuteAsync("SELECT pg_advisory_unlock(hashtextextended('capacity-merge', 0))");

        var status = await host.WaitAsync(host.Sf, id.ToString());
        Assert.Equal("accepted", status.GetProperty("status").GetString());
        Assert.Equal(partitions + 1, await PartitionsAsync());
        Assert.Equal((1L, (long)Lines * 24), await OwnPartitionsAsync(id));
        Assert.Equal((700L, id), await EffectiveAsync("SF-BJ", Start.AddHours(24 * Lines - 1)));
        Assert.Null(await host.StagedRowsAsync(id));
    }

    [Fact]
    public async Task Every_hour_of_a_large_upload_across_hubs_lands_with_its_own_figure_whichever_half_it_went_into()
    {
        // Hour by hour, the two hubs alternating (as a carrier's export lists them), each line its own
        // figure, one hub 2,000 hours longer than the other, so the halves split one hub's hours;
        // years after the other tests' hours.
        const int Hours = 25_000, Longer = 2_000;
        var from = Start.AddYears(10);
        var sb = new StringBuilder(Header);
        for (var i = 0; i < 2 * Hours + Longer; i++)
        {
            var (hub, hour) = i < 2 * Hours ? (i % 2 == 0 ? "SF-SH" : "SF-BJ", i / 2) : ("SF-SH", i - Hours);
            sb.Append(CultureInfo.InvariantCulture, $"{hub},sort,{from.AddHours(hour):yyyy-MM-ddTHH:mm:ssZ},1,{100 + (2 * hour + (hub == "SF-SH" ? 0 : 1)) % 997}\n");
        }
        var status = await host.UploadAsync(host.Sf, sb.ToString());
        Assert.Equal("accepted", status.GetProperty("status").GetString());
        var id = Guid.Parse(status.GetProperty("id").GetString()!);
        Assert.Equal((2L, 2L * Hours + Longer), await OwnPartitionsAsync(id));

        await using var conn = await host.Db.OpenConnectionAsync();
        var wrong = await conn.ExecuteScalarAsync<long>("""
            SELECT count(*) FROM capacity_effective e JOIN hubs h ON h.id = e.node_id
            WHERE e.upload_id = @id
              AND e.parcels <> 100 + ((extract(epoch FROM e.hour - @start) / 3600)::int * 2 + CASE h.code WHEN 'SF-SH' THEN 0 ELSE 1 END) % 997
            """, new { id, start = from.UtcDateTime });
        Assert.Equal(0, wrong);
        Assert.Equal(2L * Hours + Longer, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM capacity_effective WHERE upload_id = @id", new { id }));
        // The halves split one hub: its hours lie in both partitions.
        Assert.Equal(1, await conn.ExecuteScalarAsync<long>("""
            SELECT count(*) FROM (SELECT node_id FROM capacity_history WHERE upload_id = @id GROUP BY node_id HAVING count(DISTINCT tableoid) = 2) split
            """, new { id }));
    }

    [Fact]
    public async Task Lines_overlapping_in_time_order_in_a_large_upload_are_rejected_with_the_later_line_named()
    {
        var before = await host.FingerprintAsync();
        // The hours still come in time order, but line 3 starts at line 2's last hour: two equal hours side by side.
        var lines = Large("SF-BJ", 800).Split('\n');
        var second = Start.AddHours(23).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        lines[2] = $"SF-BJ,sort,{second},2,800";
        var status = await host.UploadAsync(host.Sf, string.Join('\n', lines));

        Assert.Equal("rejected", status.GetProperty("status").GetString());
        var e = Assert.Single(status.GetProperty("errors").EnumerateArray());
        Assert.Equal(3, e.GetProperty("line").GetInt64());
        Assert.Equal(second, e.GetProperty("value").GetString());
        Assert.Equal($"sort SF-BJ at {second} is already covered by line 2", e.GetProperty("reason").GetString());
        Assert.Equal(before, await host.FingerprintAsync());
    }

    [Fact]
    public async Task A_direct_load_whose_second_half_fails_leaves_nothing()
    {
        var before = await host.FingerprintAsync();
        var partitions = await PartitionsAsync();
        // A table already where the second half's must be made: its CREATE fails.
        var id = Guid.CreateVersion7();
        await using (var conn = await host.Db.OpenConnectionAsync())
            await conn.ExecuteAsync($"CREATE TABLE staging.capacity_{id:N}_b (x int)");

        await Assert.ThrowsAsync<PostgresException>(() => StoreAsync(id, Large("SF-SH", 1)));
        Assert.Equal(before, await host.FingerprintAsync());   // the table in the way was taken as the half's and dropped
        Assert.Equal(partitions, await PartitionsAsync());
        Assert.False(await UploadExistsAsync(id));
    }

    [Fact]
    public async Task A_direct_load_failing_after_its_second_half_committed_drops_that_half_and_changes_nothing()
    {
        var before = await host.FingerprintAsync();
        var partitions = await PartitionsAsync();
        // A table already under the first half's partition name: attaching fails after both halves are built.
        await using var conn = await host.Db.OpenConnectionAsync();
        var next = await conn.ExecuteScalarAsync<long>("SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM capacity_version");
        await conn.ExecuteAsync($"CREATE TABLE public.capacity_history_v{next} (x int)");
        try
        {
            var id = Guid.CreateVersion7();
            var e = await Assert.ThrowsAsync<PostgresException>(() => StoreAsync(id, Large("SF-SH", 2)));
            Assert.Equal(PostgresErrorCodes.DuplicateTable, e.SqlState);
            Assert.Equal(before, await host.FingerprintAsync());
            Assert.Equal(partitions, await PartitionsAsync());
            Assert.False(await UploadExistsAsync(id));
            Assert.Equal(next + 1, await conn.ExecuteScalarAsync<long>("SELECT last_value FROM capacity_version"));   // it got as far as the second half
        }
        finally { await conn.ExecuteAsync($"DROP TABLE public.capacity_history_v{next}"); }
    }

    /// <summary>The request's own path, as the endpoint calls it on an `all` node, with the upload id chosen here.</summary>
    private async Task StoreAsync(Guid id, string csv)
    {
        long carrier;
        await using (var conn = await host.Db.OpenConnectionAsync())
            carrier = await conn.ExecuteScalarAsync<long>("SELECT id FROM carriers WHERE code = 'SF'");
        await host.Services.GetRequiredService<UploadIntake>().ReceiveAsync(UploadKind.Capacity,
            new UploadSubmission(UploadSubmission.Api, null, carrier, null, "text/csv", null, Id: id), new MemoryStream(Encoding.UTF8.GetBytes(csv)), null, CancellationToken.None);
    }

    private async Task<bool> UploadExistsAsync(Guid id)
    {
        await using var conn = await host.Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM uploads WHERE id = @id)", new { id });
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
