using Dapper;
using Logistics.Server.Storage;
using Logistics.Server.Tests.Support;
using Npgsql;

namespace Logistics.Server.Tests.Storage;

public sealed class EmbeddedPostgresTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"logistics-embedded-{Guid.NewGuid():N}");

    [Fact]
    public async Task Data_survives_a_restart_and_a_second_user_joins_the_running_server()
    {
        var first = await EmbeddedPostgres.StartAsync(_root, durable: false);
        await using (var conn = new NpgsqlConnection(first.ConnectionString))
        {
            await conn.ExecuteAsync("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('before restart')");
        }

        // A second user of the same folder (the CLI while `serve` runs) joins instead of starting another.
        var second = await EmbeddedPostgres.StartAsync(_root, durable: false);
        Assert.Equal(first.Port, second.Port);
        await first.DisposeAsync();
        await using (var conn = new NpgsqlConnection(second.ConnectionString))
            Assert.Equal("before restart", await conn.ExecuteScalarAsync<string>("SELECT v FROM kept"));

        // The last user leaving stops the server.
        await second.DisposeAsync();
        Assert.False(File.Exists(Path.Combine(_root, "pg", "postmaster.pid")), "the server should have stopped with its last user");
        NpgsqlConnection.ClearAllPools();

        await using var restarted = await EmbeddedPostgres.StartAsync(_root, durable: false);
        await using (var conn = new NpgsqlConnection(restarted.ConnectionString))
            Assert.Equal("before restart", await conn.ExecuteScalarAsync<string>("SELECT v FROM kept"));
    }

    [Fact]
    public async Task Without_PostgreSQL_installed_the_command_says_so_in_one_line_and_exits_1()
    {
        var emptyBin = Directory.CreateDirectory(Path.Combine(_root, "no-postgres-here")).FullName;

        var r = await LogisticsCli.RunAsync(new Dictionary<string, string?>
        {
            ["LOGISTICS_PG_BIN"] = emptyBin,
            ["LOGISTICS_DATA_DIR"] = Path.Combine(_root, "data"),
        }, "migrate");

        Assert.Equal(1, r.ExitCode);
        var lines = r.Stderr.Trim().Split('\n');
        Assert.Single(lines);
        Assert.Contains("PostgreSQL is not installed", lines[0]);
        Assert.Contains("apt-get install -y postgresql", lines[0]);
    }

    [Fact]
    public async Task The_cli_runs_on_the_embedded_default_and_leaves_nothing_running()
    {
        var env = new Dictionary<string, string?> { ["LOGISTICS_DATA_DIR"] = Path.Combine(_root, "cli") };

        var first = await LogisticsCli.RunAsync(env, "migrate");
        var second = await LogisticsCli.RunAsync(env, "migrate");

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("applied", first.Stdout);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Contains("up to date", second.Stdout);
        Assert.False(File.Exists(Path.Combine(_root, "cli", "pg", "postmaster.pid")), "the CLI should stop the server it started");
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
