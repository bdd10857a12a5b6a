using Dapper;
using Logistics.Server.Infrastructure;
using Logistics.Server.Tests.Support;
using Npgsql;

namespace Logistics.Server.Tests.Faults;

/// <summary>
/// A real `serve` process stopped at one stage of a capacity load or of a publication (the test-only
/// <see cref="FaultPoint"/>) and killed with SIGKILL there; then a fresh node starts with no one's
/// help. Each time: nothing of the killed work is half there, the feed has every position once,
/// no run is left running, no staging table is left, and the work itself gets done.
/// </summary>
[Collection(ProcessHeavy.Name)]
public sealed class FaultInjectionTests(FaultWorld world) : IClassFixture<FaultWorld>
{
    private static int _round;

    public static TheoryData<string> CapacityStages => [FaultPoint.CapacityReceived, FaultPoint.CapacityRecorded, FaultPoint.CapacityQueued, FaultPoint.CapacityLoading, FaultPoint.CapacityMerged];

    // Every step that writes, from the first (windows) to after the commit.
    public static TheoryData<string> PublicationStages =>
        [.. new[] { "windows", "merchant alerts", "events", "merchant feed", "switch", "node loads", "commit" }.Select(FaultPoint.Publish)];

    [Theory]
    [MemberData(nameof(CapacityStages))]
    public async Task A_node_killed_at_a_stage_of_a_capacity_load_leaves_nothing_half_done_and_the_upload_lands_once(string stage)
    {
        var round = Interlocked.Increment(ref _round);
        await using var conn = new NpgsqlConnection(world.Observer);
        await conn.OpenAsync();
        var uploadsBefore = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM uploads WHERE kind = 'capacity'");
        var historyBefore = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM capacity_history");
        var before = await Invariants.SessionsAsync(conn);

        await using var armed = world.Start($"armed-{round}", stage);
        await armed.WaitReadyAsync();
        using var ops = world.Client(armed);
        var posting = ops.PostAsync("/v1/capacity/uploads", Csv(FaultWorld.SortCapacity(60 + round)));
        await WaitReachedAsync(armed, stage);
        var killed = (await Invariants.SessionsAsync(conn)).Except(before).ToList();
        armed.KillHard();
        await Invariants.WaitSessionsGoneAsync(conn, killed);

        // Before anyone recovers: nothing of the file is in the history, and an upload exists only
        // once its request committed.
        Assert.Equal(historyBefore, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM capacity_history"));
        var committed = stage is FaultPoint.CapacityQueued or FaultPoint.CapacityLoading or FaultPoint.CapacityMerged;
        Assert.Equal(uploadsBefore + (committed ? 1 : 0), await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM uploads WHERE kind = 'capacity'"));
        // The request answers once its upload is queued, before the job loads it.
        if (stage is FaultPoint.CapacityLoading or FaultPoint.CapacityMerged) Assert.Equal(System.Net.HttpStatusCode.Accepted, (await posting).StatusCode);
        else await Assert.ThrowsAnyAsync<Exception>(() => posting);

        // A fresh node, no one's help: a committed upload is loaded once, and everything holds.
        await using var fresh = world.Start($"fresh-{round}", null);
        await fresh.WaitReadyAsync();
        if (committed)
        {
            var upload = await conn.ExecuteScalarAsync<Guid>("SELECT id FROM uploads WHERE kind = 'capacity' ORDER BY created_at DESC LIMIT 1");
            await WaitAsync(async () => await conn.ExecuteScalarAsync<string>("SELECT status FROM uploads WHERE id = @upload", new { upload }) == "accepted",
                TimeSpan.FromSeconds(90), $"{stage}: the upload was never loaded: {fresh.Output}");
            Assert.Equal(24, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM capacity_history WHERE upload_id = @upload", new { upload }));
        }
        else
            await WaitAsync(async () => !await conn.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'staging')"),
                TimeSpan.FromSeconds(60), $"{stage}: a staging table was left");
        await Invariants.AssertAsync(conn, FaultWorld.Campaign);
        var exit = await fresh.TerminateAsync();
        Assert.True(exit == 0, $"exit code {exit}: {fresh.Output}");
    }

    [Theory]
    [MemberData(nameof(PublicationStages))]
    public async Task A_node_killed_at_a_stage_of_a_publication_leaves_the_previous_one_whole_and_the_run_is_redone(string stage)
    {
        var round = Interlocked.Increment(ref _round);
        await using var conn = new NpgsqlConnection(world.Observer);
        await conn.OpenAsync();
        var previous = await conn.ExecuteScalarAsync<long>("SELECT plan_run_id FROM publications");
        var head = await conn.ExecuteScalarAsync<long>("SELECT coalesce(max(position), 0) FROM alert_events");
        var before = await Invariants.SessionsAsync(conn);

        await using var armed = world.Start($"armed-{round}", stage);
        await armed.WaitReadyAsync();
        using var ops = world.Client(armed);
        // New capacity, so the run has something new to publish.
        await FaultWorld.UploadAndWaitAsync(ops, "capacity", FaultWorld.SortCapacity(60 + round));
        await world.PlanAsync(ops);
        await WaitReachedAsync(armed, stage);
        // The run stopped there: ours, or the recurring one if it came first (ours then skipped).
        var committed = stage == FaultPoint.Publish("commit");
        var run = committed
            ? await conn.ExecuteScalarAsync<long>("SELECT plan_run_id FROM publications")
            : Assert.Single(await conn.QueryAsync<long>("SELECT id FROM plan_runs WHERE status = 'running'"));
        Assert.NotEqual(previous, run);
        var killed = (await Invariants.SessionsAsync(conn)).Except(before).ToList();
        armed.KillHard();
        await Invariants.WaitSessionsGoneAsync(conn, killed);

        // Before anyone recovers: the previous publication is whole until the commit, the new one after it.
        var published = await conn.ExecuteScalarAsync<long>("SELECT plan_run_id FROM publications");
        Assert.Equal(committed ? run : previous, published);
        if (!committed)
        {
            Assert.Equal(head, await conn.ExecuteScalarAsync<long>("SELECT coalesce(max(position), 0) FROM alert_events"));
            Assert.Equal("running", await conn.ExecuteScalarAsync<string>("SELECT status FROM plan_runs WHERE id = @run", new { run }));
        }

        // A fresh node, no one's help: the dead node's run is failed with the reason, its job is taken
        // over and published by a new run, and everything holds.
        await using var fresh = world.Start($"fresh-{round}", null);
        await fresh.WaitReadyAsync();
        if (!committed)
        {
            var redone = await world.WaitPublishedAfterAsync(run, TimeSpan.FromSeconds(120));
            Assert.True(redone > run);
            var (status, error) = await conn.QuerySingleAsync<(string, string?)>("SELECT status, error FROM plan_runs WHERE id = @run", new { run });
            Assert.Equal("failed", status);
            Assert.StartsWith("abandoned", error);
        }
        else
        {
            // The job itself was not marked done: taken over, it runs once more and finds nothing new.
            await WaitAsync(async () => await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM plan_runs WHERE id > @run AND status <> 'running'", new { run }) > 0,
                TimeSpan.FromSeconds(120), $"{stage}: the job was never taken over: {fresh.Output}");
        }
        await Invariants.AssertAsync(conn, FaultWorld.Campaign);
        var exit = await fresh.TerminateAsync();
        Assert.True(exit == 0, $"exit code {exit}: {fresh.Output}");
    }

    private static StringContent Csv(string csv) => new(csv, System.Text.Encoding.UTF8, "text/csv");

    private static Task WaitReachedAsync(ServerProcess server, string stage) =>
        WaitAsync(() => Task.FromResult(server.Output.Contains($"fault point reached: {stage}", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(120), $"{stage} was never reached: {server.Output}");

    private static async Task WaitAsync(Func<Task<bool>> done, TimeSpan within, string what)
    {
        var until = DateTime.UtcNow + within;
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < until, what);
            await Task.Delay(100);
        }
    }
}
