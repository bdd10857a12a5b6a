using System.Net;
using System.Text.Json;
using Dapper;
using Logistics.Server.Capacity;
using Hangfire;
using Logistics.Server.Maintenance;
using Logistics.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Logistics.Server.Tests.Support.Publishing;

namespace Logistics.Server.Tests.Jobs;

public sealed class RetentionTests(TestHost host) : IClassFixture<TestHost>
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<JsonElement> FeedUntilAsync(HttpClient client, string path, Func<JsonElement, bool> done)
    {
        for (var i = 0; i < 100; i++)
        {
            var (status, body) = await GetAsync(client, path);
            Assert.True(status == HttpStatusCode.OK, $"{(int)status} {body}");
            if (done(body)) return body;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{path} never showed the expected state");
    }

    /// <summary>Triggers the recurring retention job on the host's real Hangfire and waits for it to succeed.</summary>
    private async Task RunRetentionAsync(NpgsqlConnection conn)
    {
        var id = host.Services.GetRequiredService<IRecurringJobManagerV2>().TriggerJob(RetentionJob.RecurringId);
        await HangfireJobs.WaitSucceededAsync(conn, id, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Leftover_staging_of_no_pending_upload_is_dropped_but_not_a_second_half_its_request_still_holds()
    {
        await using var conn = new NpgsqlConnection(host.ConnectionString);
        await conn.OpenAsync();
        Guid orphan = Guid.CreateVersion7(), freeHalf = Guid.CreateVersion7(), heldHalf = Guid.CreateVersion7();
        string[] tables = [$"capacity_{orphan:N}", $"capacity_{freeHalf:N}_b", $"capacity_{heldHalf:N}_b", "capacity_b"];
        foreach (var t in tables) await conn.ExecuteAsync($"CREATE TABLE staging.{t} (x int)");
        // A request attaching its second half holds its upload's lock to the end of its transaction.
        await using var request = new NpgsqlConnection(host.ConnectionString);
        await request.OpenAsync();
        await using var tx = await request.BeginTransactionAsync();
        await request.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", new { key = CapacityDirectLoad.LockKey(heldHalf) }, tx);
        try
        {
            await RetentionJob.DropLeftoverStagingAsync(conn, CancellationToken.None);
            var left = (await conn.QueryAsync<string>("SELECT tablename FROM pg_tables WHERE schemaname = 'staging'")).ToHashSet();
            Assert.DoesNotContain(tables[0], left);
            Assert.DoesNotContain(tables[1], left);
            Assert.Contains(tables[2], left);
            Assert.Contains(tables[3], left);   // not named for an upload: not ours to drop
        }
        finally
        {
            await tx.RollbackAsync();
            foreach (var t in tables) await conn.ExecuteAsync($"DROP TABLE IF EXISTS staging.{t}");
        }
    }

    [Fact]
    public async Task Retention_removes_old_events_and_superseded_runs_keeps_what_is_published_and_expires_old_cursors()
    {
        var ops = await host.KeyAsync("ops");
        await Fixtures.UploadAsync(host.Client(ops), "network", Fixtures.Network);
        await Fixtures.UploadAsync(host.Client(ops), "campaigns", Fixtures.Campaigns);
        var acme = host.Client(await host.KeyAsync("merchant", "M-ACME"));
        await using var conn = new NpgsqlConnection(host.ConnectionString);

        // Run 1, later superseded by run 2 (SF-SH updated, SF-BJ cleared): four events in ACME's feed.
        var (first, _) = await PublishAsync(host.ConnectionString, "D11-2026",
            [Window("M-ACME", "WH-SH1", "SF", "SF-SH", 3, 120)],
            [Alert("hub:SF-SH", "blocked", "SF-SH", 900, 600, false, "M-ACME"), Alert("hub:SF-BJ", "warning", "SF-BJ", 540, 600, false, "M-ACME")]);
        var (second, _) = await PublishAsync(host.ConnectionString, "D11-2026",
            [Window("M-ACME", "WH-SH1", "SF", "SF-SH", 4, 120)],
            [Alert("hub:SF-SH", "blocked", "SF-SH", 950, 600, false, "M-ACME")]);
        var page = await FeedUntilAsync(acme, "/v1/alerts/events", p => p.GetProperty("events").GetArrayLength() == 4);
        var middle = page.GetProperty("events")[0].GetProperty("cursor").GetString()!;
        var newest = page.GetProperty("cursor").GetString()!;
        var head = await conn.ExecuteScalarAsync<long>("SELECT max(position) FROM alert_events");

        // Each run's lane into SF-BJ, as a planning run stores them.
        foreach (var run in new[] { first, second })
            await conn.ExecuteAsync("""
                INSERT INTO plan_lane_loads (plan_run_id, carrier, origin, destination, first_hour, planned, unshaved_p50, unshaved_p90)
                VALUES (@run, 'SF', 'SF-SH', 'SF-BJ', 30, '{5}', '{6}', '{9}')
                """, new { run });
        // Everything so far happened long ago.
        await conn.ExecuteAsync("UPDATE alert_events SET published_at = now() - interval '60 days'");
        await conn.ExecuteAsync("UPDATE plan_runs SET started_at = now() - interval '60 days'");
        await RunRetentionAsync(conn);

        Assert.Equal(0, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM alert_events"));
        Assert.Equal(0, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM alert_event_audience"));
        Assert.Equal(head, await conn.ExecuteScalarAsync<long>("SELECT through FROM alert_feed_trims WHERE feed = 'all'"));
        // Run 1 is gone with its windows; run 2 is published and stays, windows and alert in force included.
        Assert.Equal([second], (await conn.QueryAsync<long>("SELECT id FROM plan_runs ORDER BY id")).ToList());
        Assert.Equal(0, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM shipment_windows WHERE plan_run_id = @first", new { first }));
        Assert.Equal(1, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM shipment_windows WHERE plan_run_id = @second", new { second }));
        Assert.Equal([second], (await conn.QueryAsync<long>("SELECT plan_run_id FROM plan_lane_loads")).ToList());
        Assert.Equal(["SF-SH"], (await conn.QueryAsync<string>("SELECT node FROM alerts ORDER BY node")).ToList());   // SF-BJ was cleared and is gone
        var (status, alerts) = await GetAsync(acme, "/v1/alerts");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("SF-SH", alerts.GetProperty("alerts")[0].GetProperty("node").GetString());

        // A cursor from before the trim is told so; the newest one still reads (nothing new), and so does a fresh start.
        var (expired, problem) = await GetAsync(acme, $"/v1/alerts/events?after={Uri.EscapeDataString(middle)}");
        Assert.Equal(HttpStatusCode.Gone, expired);
        Assert.Equal("https://logistics.dev/problems/cursor-expired", problem.GetProperty("type").GetString());
        var (ok, empty) = await GetAsync(acme, $"/v1/alerts/events?after={Uri.EscapeDataString(newest)}");
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal(0, empty.GetProperty("events").GetArrayLength());
        var (fresh, start) = await GetAsync(acme, "/v1/alerts/events");
        Assert.Equal(HttpStatusCode.OK, fresh);
        Assert.Equal(0, start.GetProperty("events").GetArrayLength());

        // Positions are never issued twice: the next publication numbers after what was removed.
        await PublishAsync(host.ConnectionString, "D11-2026",
            [Window("M-ACME", "WH-SH1", "SF", "SF-SH", 4, 120)],
            [Alert("hub:SF-SH", "blocked", "SF-SH", 950, 600, false, "M-ACME"), Alert("hub:SF-BJ", "watch", "SF-BJ", 460, 600, false, "M-ACME")]);
        Assert.Equal(head + 1, await conn.ExecuteScalarAsync<long>("SELECT min(position) FROM alert_events"));
        var next = await FeedUntilAsync(acme, $"/v1/alerts/events?after={Uri.EscapeDataString(newest)}", p => p.GetProperty("events").GetArrayLength() == 1);
        Assert.Equal("SF-BJ", next.GetProperty("events")[0].GetProperty("alert").GetProperty("node").GetString());

        await ReferentialIntegrity.AssertAsync(conn);

        // A second pass finds nothing more to remove.
        await RunRetentionAsync(conn);
        Assert.Equal(1, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM alert_events"));
        await ReferentialIntegrity.AssertAsync(conn);
    }
}
