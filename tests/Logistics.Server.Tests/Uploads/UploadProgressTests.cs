using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using Logistics.Server.Storage;
using Logistics.Server.Tests.Support;

namespace Logistics.Server.Tests.Uploads;

/// <summary>
/// A queued upload's status says what it is doing and asks to be polled soon; its `finished` is
/// the moment its load ended, not when the load's transaction began.
/// </summary>
public sealed class UploadProgressTests(TestHost host) : IClassFixture<TestHost>, IAsyncLifetime
{
    private string _ops = "";

    public async Task InitializeAsync()
    {
        _ops = await host.KeyAsync("ops");
        await Fixtures.UploadAsync(host.Client(_ops), "network", Fixtures.Network);
        await Fixtures.UploadAsync(host.Client(_ops), "campaigns", Fixtures.Campaigns);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private const string Signals = """
        campaign,merchant,warehouse,region,category,date,page_views,carts,favorites,deposits,presale_orders
        D11-2026,M-ACME,WH-SH1,EAST,apparel,2026-10-20,1500,120,,30,
        D11-2026,M-ACME,WH-SH1,NORTH,apparel,2026-10-20,900,80,,20,
        D11-2026,M-BOLT,WH-BJ1,NORTH,shoes,2026-10-21,700,60,10,5,1
        """;

    [Fact]
    public async Task While_it_waits_its_status_shows_the_phase_and_a_short_poll_interval_and_finished_is_when_it_ended()
    {
        var ops = host.Client(_ops);
        await using var blocker = await host.Db.OpenConnectionAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        // Another signals load "in progress": this one must wait for it (the loader's own lock).
        await blocker.ExecuteLockAsync(hold, "bulk:signals", CancellationToken.None);

        var accepted = await Fixtures.UploadAsync(ops, "signals", Signals);
        var location = $"/v1/signals/uploads/{accepted.GetProperty("id").GetString()}";
        JsonElement status = default;
        HttpResponseMessage? response = null;
        for (var i = 0; i < 200; i++)
        {
            response?.Dispose();
            response = await ops.GetAsync(location);
            status = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            if (status.GetProperty("phase").ValueKind == JsonValueKind.String) break;
            Assert.Equal("2", response.Headers.GetValues("X-Poll-Interval").Single());   // queued: look again soon
            await Task.Delay(50);
        }
        Assert.Equal("processing", status.GetProperty("status").GetString());
        Assert.Equal("waiting", status.GetProperty("phase").GetString());
        Assert.Equal(0, status.GetProperty("rows_done").GetInt64());
        Assert.Equal(3, status.GetProperty("rows_total").GetInt64());
        Assert.Equal("2", response!.Headers.GetValues("X-Poll-Interval").Single());
        response.Dispose();

        // Held long enough that a finish stamped at the transaction's start would show it.
        await Task.Delay(1500);
        var released = await blocker.ExecuteScalarAsync<DateTime>("SELECT clock_timestamp()", transaction: hold);
        await hold.RollbackAsync();

        for (var i = 0; i < 200 && status.GetProperty("status").GetString() == "processing"; i++)
        {
            await Task.Delay(50);
            status = await Fixtures.GetJsonAsync(ops, location);
        }
        Assert.Equal("accepted", status.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("phase").ValueKind);
        Assert.Equal(JsonValueKind.Null, status.GetProperty("rows_done").ValueKind);
        var finished = status.GetProperty("finished").GetDateTimeOffset();
        Assert.True(finished.UtcDateTime >= DateTime.SpecifyKind(released, DateTimeKind.Utc),
            $"finished {finished:O} is before the load could start at {released:O}");
        using var final = await ops.GetAsync(location);
        Assert.NotEqual("2", final.Headers.GetValues("X-Poll-Interval").Single());
    }
}
