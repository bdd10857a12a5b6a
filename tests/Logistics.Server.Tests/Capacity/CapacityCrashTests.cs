using System.Text;
using Dapper;
using Logistics.Server.Capacity;
using Microsoft.Extensions.DependencyInjection;
using Hangfire;

namespace Logistics.Server.Tests.Capacity;

/// <summary>The load's transaction is killed mid-way: the previous capacity stands, and the upload loads on retry.</summary>
public sealed class CapacityCrashTests(CapacityHost host) : IClassFixture<CapacityHost>
{
    private const string Header = "node,kind,start,hours,parcels\n";

    private async Task<int> EffectiveAsync()
    {
        await using var conn = await host.Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<int>("""
            SELECT e.parcels FROM capacity_effective e JOIN hubs h ON h.id = e.node_id WHERE h.code = 'SF-SH' AND e.hour = '2026-11-11T00:00:00Z'
            """);
    }

    private async Task<string> HistoryAsync()
    {
        await using var conn = await host.Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<string>("SELECT coalesce(string_agg(t::text, ';' ORDER BY t::text), '') FROM capacity_history t") ?? "";
    }

    [Fact]
    public async Task Killing_the_load_after_copy_leaves_the_previous_capacity_and_a_retry_loads_it()
    {
        var first = await host.UploadAsync(host.Sf, Header + "SF-SH,sort,2026-11-11T08:00:00+08:00,1,300\n");
        Assert.Equal("accepted", first.GetProperty("status").GetString());
        Assert.Equal(300, await EffectiveAsync());
        var history = await HistoryAsync();

        // A file big enough to be mid-flight: 5,000 hours of SF-SH, the first one superseding 300.
        var sb = new StringBuilder(Header);
        var start = new DateTimeOffset(2026, 11, 11, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 5000; i++) sb.Append(CultureInfoInvariant($"SF-SH,sort,{start.AddHours(i):yyyy-MM-ddTHH:mm:ssZ},1,{1000 + i % 7}\n"));

        // Hold the merge lock, so the load stops after COPY and the checks, inside its transaction.
        await using var blocker = await host.Db.OpenConnectionAsync();
        await blocker.ExecuteAsync("SELECT pg_advisory_lock(hashtextextended('capacity-merge', 0))");
        var posted = await host.PostAsync(host.Sf, Encoding.UTF8.GetBytes(sb.ToString()));
        var id = Guid.Parse(posted.GetProperty("id").GetString()!);

        int pid = 0;
        for (var tries = 0; pid == 0; tries++)
        {
            Assert.True(tries < 600, "the load never reached the merge");
            await Task.Delay(50);
            pid = await blocker.ExecuteScalarAsync<int>("""
                SELECT coalesce(min(pid), 0) FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory' AND pid <> pg_backend_pid()
                """);
        }
        Assert.True(await blocker.ExecuteScalarAsync<bool>("SELECT pg_terminate_backend(@pid)", new { pid }));

        // Wait for the job to notice, then check nothing of the file is visible.
        for (var tries = 0; await blocker.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = @pid)", new { pid }); tries++)
        {
            Assert.True(tries < 200);
            await Task.Delay(50);
        }
        Assert.Equal(300, await EffectiveAsync());
        Assert.Equal(history, await HistoryAsync());
        Assert.NotEqual("accepted", await blocker.ExecuteScalarAsync<string>("SELECT status FROM uploads WHERE id = @id", new { id }));
        Assert.Equal(5000, await host.StagedRowsAsync(id));   // the staged upload survives for the retry

        // Release and retry on the real job server: the staged upload loads whole.
        await blocker.ExecuteAsync("SELECT pg_advisory_unlock(hashtextextended('capacity-merge', 0))");
        await CapacityLoadJob.EnqueueAsync(host.Services.GetRequiredService<IBackgroundJobClient>(), host.Db, id, CancellationToken.None);
        var status = await host.WaitAsync(host.Sf, id.ToString());
        Assert.Equal("accepted", status.GetProperty("status").GetString());
        Assert.Equal(5000, status.GetProperty("rows_applied").GetInt64());
        Assert.Equal(1000, await EffectiveAsync());
        Assert.Null(await host.StagedRowsAsync(id));
    }

    private static string CultureInfoInvariant(FormattableString s) => s.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
