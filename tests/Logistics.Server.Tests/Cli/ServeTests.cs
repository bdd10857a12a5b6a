using System.Diagnostics;
using System.Net;
using Logistics.Server.Tests.Support;

namespace Logistics.Server.Tests.Cli;

public sealed class ServeTests
{
    [Fact]
    public async Task Serve_answers_healthz_and_readyz_and_stops_on_sigterm()
    {
        var cs = await TestCluster.CreateDatabaseAsync();
        var port = FreePort();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "logistics.dll"));
        foreach (var a in new[] { "serve", "--urls", $"http://127.0.0.1:{port}" }) psi.ArgumentList.Add(a);
        psi.Environment["LOGISTICS_DB"] = cs;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            HttpResponseMessage? ready = null;
            for (var i = 0; i < 100 && ready?.StatusCode != HttpStatusCode.OK; i++)
            {
                try { ready = await client.GetAsync("/readyz"); }
                catch (HttpRequestException) { await Task.Delay(200); }
            }
            Assert.Equal(HttpStatusCode.OK, ready?.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);

            // The worker half of `serve` is a Hangfire server with a heartbeat in the shared store in our database.
            await using var conn = new Npgsql.NpgsqlConnection(cs);
            long nodes = 0;
            for (var i = 0; i < 100 && nodes == 0; i++)
            {
                nodes = await Dapper.SqlMapper.ExecuteScalarAsync<long>(conn, "SELECT count(*) FROM hangfire.server");
                if (nodes == 0) await Task.Delay(100);
            }
            Assert.Equal(1, nodes);
            var queues = await Dapper.SqlMapper.ExecuteScalarAsync<string>(conn, "SELECT data::json->>'Queues' FROM hangfire.server");
            Assert.Equal("""["ingest","planning","maintenance"]""", queues?.Replace(" ", "").Replace("\n", "").Replace("\r", ""));
        }
        finally
        {
            Process.Start("kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await p.WaitForExitAsync(timeout.Token);
        }
        Assert.True(p.ExitCode == 0, await stderr);
        // A server stopped by SIGTERM signs off; only a killed one is left to time out.
        await using (var after = new Npgsql.NpgsqlConnection(cs))
            Assert.Equal(0, await Dapper.SqlMapper.ExecuteScalarAsync<long>(after, "SELECT count(*) FROM hangfire.server"));
        Assert.Contains("listening on", await stdout);
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
