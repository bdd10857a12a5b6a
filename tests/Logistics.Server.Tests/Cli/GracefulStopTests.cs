using System.Net;
using System.Net.Http.Headers;
using Dapper;
using Logistics.Server.Auth;
using Logistics.Server.Tests.Support;
using Npgsql;

namespace Logistics.Server.Tests.Cli;

/// <summary>
/// SIGTERM stops a node gracefully however long that takes (within the host's shutdown timeout):
/// System.CommandLine's own termination handler used to give a command two seconds and then exit
/// 143, cutting off what the node was still finishing.
/// </summary>
[Collection(ProcessHeavy.Name)]
public sealed class GracefulStopTests
{
    [Fact]
    public async Task A_node_told_to_stop_finishes_the_upload_it_is_receiving_and_exits_0_after_more_than_2_s()
    {
        var cs = await TestCluster.CreateDatabaseAsync();
        await using var server = new ServerProcess("stopping", cs, "all");
        await server.WaitReadyAsync();
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        var ops = await ApiKeyStore.CreateAsync(conn, "ops", null, false, CancellationToken.None);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}"), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ops);

        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            var upload = client.PostAsync("/v1/signals/uploads", new TricklingContent(release.Task));
            // The receive has begun once its staging tables exist.
            for (var tries = 0; await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'staging'") == 0; tries++)
            {
                Assert.True(tries < 1200, $"the receive never began: {server.Output}");
                await Task.Delay(50);
            }

            var stopped = server.TerminateAsync();
            if (await Task.WhenAny(stopped, Task.Delay(TimeSpan.FromSeconds(4))) == stopped)
                Assert.Fail($"the node exited ({await stopped}) while it was still receiving: {server.Output}");

            release.SetResult();
            using var answered = await upload;
            Assert.True(answered.StatusCode == HttpStatusCode.Accepted, await answered.Content.ReadAsStringAsync());
            Assert.True(await stopped == 0, $"exit code {await stopped}: {server.Output}");
        }
        finally
        {
            release.TrySetResult();
        }
    }
}
