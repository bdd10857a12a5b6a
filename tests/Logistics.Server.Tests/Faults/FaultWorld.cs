using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dapper;
using Logistics.Server.Auth;
using Logistics.Server.Tests.Planning;
using Logistics.Server.Tests.Support;
using Npgsql;

namespace Logistics.Server.Tests.Faults;

/// <summary>
/// A database of its own holding the small world with one run published, for `serve` processes
/// that the fault tests start, stop at a fault point and kill. Jobs of a dead node are taken over
/// after 5 s and lost capacity loads swept every 2 s, so recovery is seconds, not the defaults' half minute.
/// </summary>
public sealed class FaultWorld : IAsyncLifetime
{
    public const string Campaign = "D11-2026";

    public string ConnectionString { get; private set; } = "";

    /// <summary>The test's own view: unpooled, so its sessions end when it is done with them and only a node's are left to watch.</summary>
    public string Observer => new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString;
    public string OpsKey { get; private set; } = "";

    /// <summary>The environment of every node: quick takeover, capacity loaded by the job rather than the request.</summary>
    public static Dictionary<string, string> Env(string? faultPoint)
    {
        var env = new Dictionary<string, string>
        {
            ["Logistics__InvisibilitySeconds"] = "5",
            ["Capacity__SweepSeconds"] = "2",
            ["Capacity__LoadInRequestMaxHours"] = "0",
        };
        if (faultPoint is not null) env["LOGISTICS_FAULT_PAUSE"] = faultPoint;
        return env;
    }

    public ServerProcess Start(string name, string? faultPoint) => new(name, ConnectionString, "all", Env(faultPoint));

    public HttpClient Client(ServerProcess server)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}"), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OpsKey);
        return client;
    }

    public async Task InitializeAsync()
    {
        ConnectionString = await TestCluster.CreateDatabaseAsync();
        await using (var conn = new NpgsqlConnection(ConnectionString))
        {
            await conn.OpenAsync();
            OpsKey = await ApiKeyStore.CreateAsync(conn, "ops", null, false, CancellationToken.None);
        }
        await using var server = Start("setup", null);
        await server.WaitReadyAsync();
        using var ops = Client(server);
        await UploadAndWaitAsync(ops, "network", Fixtures.Network);
        await UploadAndWaitAsync(ops, "campaigns", Fixtures.Campaigns + "\nD11-2025,Double 11 2025,Asia/Shanghai,2025-11-01;2025-11-11,2025-11-01,2025-11-14,72\n");
        var (signals, outcomes) = SmallWorldHost.Demand();
        await UploadAndWaitAsync(ops, "signals", signals);
        await UploadAndWaitAsync(ops, "outcomes", outcomes);
        await UploadAndWaitAsync(ops, "capacity", SortCapacity(50));
        await WaitPublishedAfterAsync(await PlanAsync(ops), TimeSpan.FromSeconds(120));
        Assert.True(await server.TerminateAsync() == 0, server.Output);
    }

    /// <summary>SF's Shanghai hub sorts <paramref name="parcels"/> an hour on 11.11 (Shanghai time): a peak it cannot take.</summary>
    public static string SortCapacity(int parcels)
    {
        var capacity = new StringBuilder("node,kind,start,hours,parcels\n");
        for (var h = 0; h < 24; h++) capacity.Append($"SF-SH,sort,2026-11-11T{h:00}:00:00+08:00,1,{parcels}\n");
        return capacity.ToString();
    }

    public static async Task<string> UploadAndWaitAsync(HttpClient ops, string kind, string csv)
    {
        var id = (await Fixtures.UploadAsync(ops, kind, csv)).GetProperty("id").GetString()!;
        for (var i = 0; i < 600; i++)
        {
            var status = (await Fixtures.GetJsonAsync(ops, $"/v1/{kind}/uploads/{id}")).GetProperty("status").GetString();
            if (status == "accepted") return id;
            Assert.True(status is "queued" or "processing", $"{kind} upload {id} is {status}");
            await Task.Delay(100);
        }
        throw new TimeoutException($"{kind} upload {id} never finished");
    }

    /// <summary>Asks for a planning run; returns the newest run before it, so the caller can wait for one after it.</summary>
    public async Task<long> PlanAsync(HttpClient ops)
    {
        await using var conn = new NpgsqlConnection(Observer);
        await conn.OpenAsync();
        var newest = await conn.ExecuteScalarAsync<long>("SELECT coalesce(max(id), 0) FROM plan_runs");
        using var response = await ops.PostAsync("/v1/plan-runs", new StringContent(JsonSerializer.Serialize(new { campaign = Campaign }), Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return newest;
    }

    /// <summary>Waits until the campaign's publication is a run newer than <paramref name="run"/>; returns it.</summary>
    public async Task<long> WaitPublishedAfterAsync(long run, TimeSpan within)
    {
        await using var conn = new NpgsqlConnection(Observer);
        await conn.OpenAsync();
        var until = DateTime.UtcNow + within;
        while (DateTime.UtcNow < until)
        {
            var published = await conn.ExecuteScalarAsync<long?>(
                "SELECT p.plan_run_id FROM publications p JOIN campaigns c ON c.id = p.campaign_id WHERE c.code = @Campaign", new { Campaign });
            if (published > run) return published.Value;
            await Task.Delay(200);
        }
        throw new TimeoutException($"no run after {run} was published within {within}");
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
