using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Dapper;
using Logistics.Server.Planning;
using Logistics.Server.Storage;
using Logistics.Server.Tests.Support;
using Npgsql;

namespace Logistics.Server.Tests.Storage;

/// <summary>
/// `serve` on its own embedded cluster, and the cluster's postmaster killed with SIGKILL: the
/// serving process starts it again by itself, /readyz is 200 again within 15 s, and a planning run
/// whose session died with the database does not stay 'running'. The second test is the issue's
/// fault injection: a real planning run and a real direct capacity load in flight when it dies.
/// </summary>
[Collection(ProcessHeavy.Name)]
public sealed class PostmasterKillTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"logistics-supervised-{Guid.NewGuid():N}");
    private ServerProcess? _server;

    private string PgDir => Path.Combine(_root, "pg");

    public Task InitializeAsync()
    {
        // Under /tmp: PostgreSQL runs as an unprivileged user when the tests run as root, and must reach it.
        _server = new ServerProcess("supervised", null, "all", new Dictionary<string, string> { ["LOGISTICS_DATA_DIR"] = _root });
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_killed_postmaster_is_started_again_readyz_is_200_within_15_s_and_no_run_is_left_running()
    {
        var server = _server!;
        await server.WaitReadyAsync(tries: 900);   // the first start makes the cluster and migrates it
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}"), Timeout = TimeSpan.FromSeconds(2) };
        var cs = ConnectionString();

        // A planning run going when the database dies: 'running', its campaign's lock held by the
        // session of the node running it, as PlanningRun holds it.
        long run;
        await using (var conn = new NpgsqlConnection(cs))
        {
            var campaignId = await conn.ExecuteScalarAsync<long>("""
                INSERT INTO campaigns (code, name, time_zone, sale_days, horizon_start, horizon_end, ship_within_hours)
                VALUES ('KILL-1', 'Killed', 'Asia/Shanghai', ARRAY[date '2026-11-11'], '2026-11-01', '2026-11-14', 72) RETURNING id
                """);
            run = await conn.ExecuteScalarAsync<long>(
                "INSERT INTO plan_runs (campaign_id, status, trigger, node) VALUES (@campaignId, 'running', 'api', 'n1') RETURNING id", new { campaignId });
        }
        var node = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cs) { Pooling = false }.ConnectionString);
        await node.OpenAsync();
        var campaign = await node.ExecuteScalarAsync<long>("SELECT campaign_id FROM plan_runs WHERE id = @run", new { run });
        await node.ExecuteAsync("SELECT pg_advisory_lock(hashtextextended(@key, 0))", new { key = $"plan:{campaign}" });

        var postmaster = PostmasterPid();
        using (var p = Process.GetProcessById(postmaster)) p.Kill();   // SIGKILL, the postmaster alone
        var killed = Stopwatch.StartNew();

        var back = await WaitBackAsync(server, client, postmaster, killed);
        Assert.Contains("starting it again", server.Output);
        await node.DisposeAsync();   // it died with the postmaster

        // The run's session died with the database: the abandoned-runs sweep (every 30 s) fails it.
        await using (var conn = new NpgsqlConnection(cs))
        {
            var (runStatus, error) = ("running", (string?)null);
            for (var i = 0; i < 60 && runStatus == "running"; i++)
            {
                (runStatus, error) = await conn.QuerySingleAsync<(string, string?)>("SELECT status, error FROM plan_runs WHERE id = @run", new { run });
                if (runStatus == "running") await Task.Delay(1000);
            }
            Assert.Equal("failed", runStatus);
            Assert.Equal(PlanningRun.AbandonedReason, error);
            Assert.Equal(0, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM plan_runs WHERE status = 'running'"));
        }
        Assert.True(back < TimeSpan.FromSeconds(15), $"back after {back}");

        // And it stops cleanly, its cluster with it.
        Assert.Equal(0, await server.TerminateAsync());
        Assert.False(File.Exists(Path.Combine(PgDir, "postmaster.pid")), server.Output);
    }

    /// <summary>
    /// Nobody starts it but the serving process. Back means a new postmaster and /readyz 200 (the
    /// dead one's backends may answer a query or two before they notice it is gone), within 15 s.
    /// </summary>
    private async Task<TimeSpan> WaitBackAsync(ServerProcess server, HttpClient client, int postmaster, Stopwatch killed)
    {
        HttpStatusCode? status = null;
        int? now = postmaster;
        while ((status != HttpStatusCode.OK || now == postmaster || now is null) && killed.Elapsed < TimeSpan.FromSeconds(15))
        {
            now = TryPostmasterPid();
            try { status = (await client.GetAsync("/readyz")).StatusCode; }
            catch (HttpRequestException) { status = null; }
            catch (TaskCanceledException) { status = null; }
            if (status != HttpStatusCode.OK || now == postmaster || now is null) await Task.Delay(200);
        }
        var back = killed.Elapsed;
        Assert.True(status == HttpStatusCode.OK, $"/readyz was {status?.ToString() ?? "unreachable"} 15 s after the kill: {server.Output}");
        Assert.True(now is not null && now != postmaster, $"no new postmaster 15 s after the kill: {server.Output}");
        Assert.False(server.HasExited, server.Output);
        return back;
    }

    /// <summary>postmaster.pid: line 1 the postmaster's pid, line 4 its port.</summary>
    private int PostmasterPid() => int.Parse(File.ReadAllLines(Path.Combine(PgDir, "postmaster.pid"))[0].Trim(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Killed_mid_planning_run_and_mid_attach_the_service_comes_back_with_no_run_running_and_no_staging_left()
    {
        var server = _server!;
        await server.WaitReadyAsync(tries: 900);
        var cs = ConnectionString();
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        var opsKey = await Logistics.Server.Auth.ApiKeyStore.CreateAsync(conn, "ops", null, false, CancellationToken.None);
        var ops = Client(server, opsKey);

        // The small world, through the real upload paths of the real process.
        await UploadAndWaitAsync(ops, "network", Fixtures.Network);
        await UploadAndWaitAsync(ops, "campaigns", Fixtures.Campaigns + "\nD11-2025,Double 11 2025,Asia/Shanghai,2025-11-01;2025-11-11,2025-11-01,2025-11-14,72\n");
        var (signals, outcomes) = Planning.SmallWorldHost.Demand();
        await UploadAndWaitAsync(ops, "signals", signals);
        await UploadAndWaitAsync(ops, "outcomes", outcomes);
        var hours = new StringBuilder("node,kind,start,hours,parcels\n");
        for (var h = 0; h < 24; h++) hours.Append(CultureInfo.InvariantCulture, $"SF-SH,sort,2026-11-11T{h:00}:00:00+08:00,1,50\n");
        var capacity = await UploadAndWaitAsync(ops, "capacity", hours.ToString());
        var campaignId = await conn.ExecuteScalarAsync<long>("SELECT id FROM campaigns WHERE code = 'D11-2026'");
        var partitions = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_inherits WHERE inhparent = 'capacity_history'::regclass");
        var historyRows = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM capacity_history");

        // A planning run held inside its publishing step (its lock taken here), and a direct
        // capacity load held in ATTACH PARTITION (the history's lock taken here).
        var publishHold = new NpgsqlConnection(cs);
        await publishHold.OpenAsync();
        await publishHold.ExecuteAsync("SELECT pg_advisory_lock(hashtextextended(@key, 0))", new { key = $"publish:{campaignId}" });
        var attachHold = new NpgsqlConnection(cs);
        await attachHold.OpenAsync();
        var holding = await attachHold.BeginTransactionAsync();
        await attachHold.ExecuteAsync("LOCK TABLE capacity_history IN SHARE UPDATE EXCLUSIVE MODE", transaction: holding);

        using (var planned = await ops.PostAsync("/v1/plan-runs", new StringContent("""{"campaign":"D11-2026"}""", Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.Accepted, planned.StatusCode);
        await UntilAsync(conn, "SELECT count(*) > 0 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'",
            "the planning run never reached its publishing step", server);
        var runs = (await conn.QueryAsync<long>("SELECT id FROM plan_runs WHERE status = 'running'")).ToArray();
        Assert.NotEmpty(runs);

        var sf = Client(server, await Logistics.Server.Auth.ApiKeyStore.CreateAsync(conn, "carrier", "SF", false, CancellationToken.None));
        var large = new StringBuilder("node,kind,start,hours,parcels\n");
        var start = new DateTimeOffset(2026, 11, 12, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 2_100; i++) large.Append(CultureInfo.InvariantCulture, $"SF-BJ,sort,{start.AddHours(24 * i):yyyy-MM-ddTHH:mm:ssZ},24,5\n");
        var posting = sf.PostAsync("/v1/capacity/uploads", new StringContent(large.ToString(), Encoding.UTF8, "text/csv"));
        await UntilAsync(conn, "SELECT count(*) > 0 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'ALTER TABLE capacity_history ATTACH PARTITION%'",
            "the direct load never reached ATTACH PARTITION", server);
        var half = Assert.Single(await conn.QueryAsync<string>("SELECT tablename FROM pg_tables WHERE schemaname = 'staging'"));
        var upload = Guid.ParseExact(half.AsSpan("capacity_".Length, 32), "N");
        await conn.CloseAsync();

        var postmaster = PostmasterPid();
        using (var p = Process.GetProcessById(postmaster)) p.Kill();
        var killed = Stopwatch.StartNew();
        await WaitBackAsync(server, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}"), Timeout = TimeSpan.FromSeconds(2) }, postmaster, killed);
        using (var refused = await posting)   // the request's transaction died with the database: answered, not accepted
            Assert.True((int)refused.StatusCode >= 500, $"{(int)refused.StatusCode}: {await refused.Content.ReadAsStringAsync()}");
        // The holders died with it too.
        foreach (var held in new[] { publishHold, attachHold })
            try { await held.DisposeAsync(); } catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException) { }

        // Recovery, by the service alone: the runs whose sessions died are failed (a retry of the
        // job may start another, which then finishes), the second half is dropped, nothing partial.
        await conn.OpenAsync();
        await UntilAsync(conn, "SELECT NOT EXISTS (SELECT 1 FROM plan_runs WHERE status = 'running') AND NOT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'staging')",
            "a run was left running or a staging table left behind", server, tries: 1200);
        Assert.All(await conn.QueryAsync<string>("SELECT status FROM plan_runs WHERE id = ANY(@runs)", new { runs }), status => Assert.Equal("failed", status));
        Assert.Equal(0, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM publications WHERE plan_run_id = ANY(@runs)", new { runs }));
        Assert.False(await conn.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM uploads WHERE id = @upload)", new { upload }));
        Assert.Equal(partitions, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_inherits WHERE inhparent = 'capacity_history'::regclass"));
        Assert.Equal(historyRows, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM capacity_history"));

        // And it serves an authenticated read again.
        Assert.Equal("accepted", (await Fixtures.GetJsonAsync(ops, capacity)).GetProperty("status").GetString());
    }

    private static HttpClient Client(ServerProcess server, string key)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}"), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <returns>the upload's status path.</returns>
    private static async Task<string> UploadAndWaitAsync(HttpClient client, string kind, string csv)
    {
        using var response = await client.PostAsync($"/v1/{kind}/uploads", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!.ToString();
        for (var i = 0; i < 600; i++)
        {
            var status = (await Fixtures.GetJsonAsync(client, location)).GetProperty("status").GetString();
            if (status == "accepted") return location;
            Assert.NotEqual("rejected", status);
            await Task.Delay(100);
        }
        throw new TimeoutException($"{kind} upload never finished");
    }

    /// <summary>Polls a boolean query every 50 ms until it is true (a bound on waiting, not a timing assert).</summary>
    private static async Task UntilAsync(NpgsqlConnection conn, string sql, string never, ServerProcess server, int tries = 600)
    {
        for (var i = 0; !await conn.ExecuteScalarAsync<bool>(sql); i++)
        {
            Assert.True(i < tries, $"{never}: {server.Output}");
            await Task.Delay(50);
        }
    }

    private int? TryPostmasterPid()
    {
        try { return PostmasterPid(); }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException) { return null; }   // absent, or being written
    }

    private string ConnectionString() => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = int.Parse(File.ReadAllLines(Path.Combine(PgDir, "postmaster.pid"))[3].Trim(), System.Globalization.CultureInfo.InvariantCulture),
        Username = ServiceRole.Name,
        Password = File.ReadAllText(Path.Combine(_root, "pg.service.password")).Trim(),
        Database = "logistics",
        Pooling = false,
    }.ConnectionString;

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        // A server killed before it stopped its cluster leaves it running: stop it here.
        if (File.Exists(Path.Combine(PgDir, "postmaster.pid")) && PostgresBinaries.FindBinDirectory() is { } bin)
        {
            var pgCtl = Path.Combine(bin, "pg_ctl");
            var psi = Environment.IsPrivilegedProcess
                ? new ProcessStartInfo("runuser", ["-u", OwnerOf(PgDir), "--", pgCtl, "-D", PgDir, "-m", "immediate", "stop"])
                : new ProcessStartInfo(pgCtl, ["-D", PgDir, "-m", "immediate", "stop"]);
            psi.RedirectStandardOutput = psi.RedirectStandardError = true;
            using var stop = Process.Start(psi)!;
            await stop.WaitForExitAsync();
        }
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static string OwnerOf(string path)
    {
        var psi = new ProcessStartInfo("stat", ["-c", "%U", path]) { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var owner = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return owner;
    }
}
