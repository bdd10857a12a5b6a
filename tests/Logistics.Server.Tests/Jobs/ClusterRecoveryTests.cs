using System.Text;
using Dapper;
using Logistics.Server.Tests.Support;
using Npgsql;

namespace Logistics.Server.Tests.Jobs;

/// <summary>An API node that only schedules; the work goes to the worker processes of the test.</summary>
public sealed class ApiOnlyHost : TestHost
{
    protected override string Role => "api";
}

[Collection(ProcessHeavy.Name)]
public sealed class ClusterRecoveryTests(ApiOnlyHost api) : IClassFixture<ApiOnlyHost>
{
    private static readonly Dictionary<string, string> FastCheckin = new() { ["Logistics__ClusterCheckinSeconds"] = "1" };

    [Fact]
    public async Task A_load_whose_worker_is_killed_is_finished_by_another_worker_and_lands_once()
    {
        var ops = await api.KeyAsync("ops");
        await Fixtures.UploadAsync(api.Client(ops), "network", Fixtures.Network);
        await Fixtures.UploadAsync(api.Client(ops), "campaigns", Fixtures.Campaigns);
        await using var w1 = new ServerProcess("w1", api.ConnectionString, "worker", FastCheckin);
        await using var w2 = new ServerProcess("w2", api.ConnectionString, "worker", FastCheckin);
        await Task.WhenAll(w1.WaitReadyAsync(), w2.WaitReadyAsync());

        // Big enough that validating and merging takes seconds: 104 days x 5,000 categories.
        const int categories = 5_000;
        var csv = new StringBuilder("campaign,merchant,warehouse,region,category,date,page_views,carts,favorites,deposits,presale_orders\n");
        var days = Enumerable.Range(0, 104).Select(d => new DateOnly(2026, 8, 3).AddDays(d).ToString("yyyy-MM-dd")).ToArray();
        for (var c = 0; c < categories; c++)
            foreach (var d in days)
                csv.Append("D11-2026,M-ACME,WH-SH1,EAST,c").Append(c).Append(',').Append(d).Append(",10,3,2,1,\n");
        var rows = categories * days.Length;
        using var response = await api.Client(ops).PostAsync("/v1/signals/uploads", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.ToString();

        // Find the node running the load and kill it mid-way.
        await using var conn = new NpgsqlConnection(api.ConnectionString);
        string? runningOn = null;
        for (var i = 0; i < 3000 && runningOn is null; i++)
        {
            runningOn = await conn.ExecuteScalarAsync<string?>(
                "SELECT instance_name FROM quartz.qrtz_fired_triggers WHERE job_name = 'load-upload' AND state = 'EXECUTING' LIMIT 1");
            if (runningOn is null) await Task.Delay(20);
        }
        Assert.NotNull(runningOn);
        var (victim, survivor) = runningOn == "w1" ? (w1, w2) : (w2, w1);
        for (var i = 0; i < 500 && await conn.ExecuteScalarAsync<string>("SELECT status FROM uploads WHERE kind = 'signals'") != "processing"; i++)
            await Task.Delay(10);
        Assert.Equal("processing", await conn.ExecuteScalarAsync<string>("SELECT status FROM uploads WHERE kind = 'signals'"));
        victim.KillHard();

        string status = "";
        for (var i = 0; i < 1800 && status != "accepted"; i++)
        {
            status = (await Fixtures.GetJsonAsync(api.Client(ops), location)).GetProperty("status").GetString()!;
            if (status != "accepted") await Task.Delay(100);
        }
        if (status != "accepted")
        {
            var fired = string.Join("; ", await conn.QueryAsync<string>("SELECT concat_ws(' ', trigger_name, instance_name, state, requests_recovery) FROM quartz.qrtz_fired_triggers"));
            var history = string.Join("; ", await conn.QueryAsync<string>("SELECT concat_ws(' ', job_name, trigger_name, instance_name, succeeded, error_message) FROM quartz.qrtz_execution_history"));
            var activity = string.Join("; ", await conn.QueryAsync<string>("SELECT concat_ws(' ', pid, state, wait_event_type, wait_event, left(query, 80)) FROM pg_stat_activity WHERE datname = current_database()"));
            Assert.Fail($"the upload ended {status}; fired: {fired}; history: {history}; activity: {activity}; survivor said: {survivor.Output}");
        }
        Assert.Equal(rows, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM demand_signals"));
        Assert.Equal(1, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM uploads WHERE kind = 'signals'"));
        // The survivor's history shows it ran the recovered load (the history row is written as the run ends).
        long recorded = 0;
        for (var i = 0; i < 150 && recorded == 0; i++)
        {
            recorded = await conn.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM quartz.qrtz_execution_history WHERE job_name = 'load-upload' AND instance_name = @node", new { node = survivor.Name });
            if (recorded == 0) await Task.Delay(100);
        }
        Assert.Equal(1, recorded);
    }
}
