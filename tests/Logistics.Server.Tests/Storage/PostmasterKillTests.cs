using System.Diagnostics;
using System.Net;
using Dapper;
using Logistics.Server.Planning;
using Logistics.Server.Storage;
using Logistics.Server.Tests.Support;
using Npgsql;

namespace Logistics.Server.Tests.Storage;

/// <summary>
/// `serve` on its own embedded cluster, and the cluster's postmaster killed with SIGKILL: the
/// serving process starts it again by itself, /readyz is 200 again within 15 s, and a planning run
/// whose session died with the database does not stay 'running'.
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

        // Nobody starts it but the serving process. Back means a new postmaster and /readyz 200 (the
        // dead one's backends may answer a query or two before they notice it is gone).
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

    /// <summary>postmaster.pid: line 1 the postmaster's pid, line 4 its port.</summary>
    private int PostmasterPid() => int.Parse(File.ReadAllLines(Path.Combine(PgDir, "postmaster.pid"))[0].Trim(), System.Globalization.CultureInfo.InvariantCulture);

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
