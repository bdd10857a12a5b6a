using Dapper;
using Logistics.Server.Tests.Support;
using Npgsql;

namespace Logistics.Server.Tests.Cli;

public sealed class CommandLineTests : IAsyncLifetime, IDisposable
{
    private string _cs = "";
    private readonly string _dir = Directory.CreateTempSubdirectory("logistics-cli-").FullName;

    public async Task InitializeAsync() => _cs = await TestCluster.CreateDatabaseAsync();
    public Task DisposeAsync() => Task.CompletedTask;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("import")]
    [InlineData("import", "pallets", "x.csv")]
    [InlineData("keys", "create")]
    [InlineData("keys", "create", "--ops", "--merchant", "M1")]
    [InlineData("keys", "create", "--merchant")]
    [InlineData("serve", "--role", "chef")]
    [InlineData("migrate", "--colour", "blue")]
    public async Task Bad_usage_exits_2_with_a_helpful_line(params string[] args)
    {
        var r = await LogisticsCli.RunAsync(_cs, args);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("logistics: ", r.Stderr);
        Assert.Contains("logistics help", r.Stderr);
    }

    [Theory]
    [InlineData("serve", "--role")]
    [InlineData("demo", "--scale")]
    [InlineData("migrate", "--help")]
    [InlineData("import", "--errors-out")]
    [InlineData("plan", "--campaign")]
    [InlineData("backtest", "--campaign-days")]
    [InlineData("evaluate", "--export")]
    [InlineData("keys create", "--read-only")]
    public async Task Every_command_has_its_own_help(string command, string mentions)
    {
        var r = await LogisticsCli.RunAsync(_cs, [.. command.Split(' '), "--help"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains($"logistics {command}", r.Stdout);
        Assert.Contains(mentions, r.Stdout);
    }

    [Fact]
    public async Task Version_help_and_typo_suggestions()
    {
        var version = await LogisticsCli.RunAsync(_cs, "--version");
        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Stdout.Trim());

        var help = await LogisticsCli.RunAsync(_cs, "help");
        Assert.Equal(0, help.ExitCode);
        foreach (var command in new[] { "serve", "demo", "migrate", "import", "plan", "backtest", "evaluate", "keys" })
            Assert.Contains(command, help.Stdout);

        var typo = await LogisticsCli.RunAsync(_cs, "serv");
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("serve", typo.Stderr.Split('\n').SkipWhile(l => !l.Contains("Did you mean", StringComparison.Ordinal)).Skip(1).First());

        var option = await LogisticsCli.RunAsync(_cs, "import", "signals", "x.csv", "--erors-out", "y.csv");
        Assert.Equal(2, option.ExitCode);
        Assert.Contains("--errors-out", option.Stderr);
        Assert.Contains("logistics import --help", option.Stderr);
    }

    [Fact]
    public async Task Import_network_and_campaigns_then_create_keys()
    {
        var network = await LogisticsCli.RunAsync(_cs, "import", "network", File("network.csv", Fixtures.Network));
        Assert.True(network.ExitCode == 0, network.Stderr);
        Assert.Contains("accepted: 16 rows", network.Stdout);

        var campaigns = await LogisticsCli.RunAsync(_cs, "import", "campaigns", File("campaigns.csv", Fixtures.Campaigns));
        Assert.True(campaigns.ExitCode == 0, campaigns.Stderr);

        var key = await LogisticsCli.RunAsync(_cs, "keys", "create", "--merchant", "M-ACME");
        Assert.Equal(0, key.ExitCode);
        Assert.Matches("^lgk_[a-z2-9]{10}_[A-Za-z0-9_-]{43}$", key.LastLine);

        var readOnly = await LogisticsCli.RunAsync(_cs, "keys", "create", "--ops", "--read-only");
        Assert.Equal(0, readOnly.ExitCode);

        await using var conn = new NpgsqlConnection(_cs);
        Assert.Equal(new[] { new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 11) },
            await conn.ExecuteScalarAsync<DateOnly[]>("SELECT sale_days FROM campaigns WHERE code = 'D11-2026'"));
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM api_keys WHERE role = 'ops' AND read_only"));
    }

    [Fact]
    public async Task A_rejected_import_lists_every_bad_line_exits_1_and_changes_nothing()
    {
        var r = await LogisticsCli.RunAsync(_cs, "import", "campaigns", File("bad.csv", """
            code,name,time_zone,sale_days,horizon_start,horizon_end,ship_within_hours
            D11,Double 11,Mars/Olympus,2026-11-11,2026-11-01,2026-11-14,72
            D12,Double 12,Asia/Shanghai,2026-12-12,2026-12-14,2026-12-01,72
            D11,Again,Asia/Shanghai,2026-11-11,2026-11-01,2026-11-14,-5
            """));

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("line 2, column time_zone, value 'Mars/Olympus'", r.Stderr);
        Assert.Contains("line 3, column horizon_end", r.Stderr);
        Assert.Contains("line 4, column code, value 'D11': duplicate campaign code (first on line 2)", r.Stderr);
        Assert.Contains("line 4, column ship_within_hours, value '-5'", r.Stderr);
        Assert.Contains("rejected: 4 bad lines", r.Stderr.Trim().Split('\n').Last());
        await using var conn = new NpgsqlConnection(_cs);
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM campaigns"));
    }

    [Fact]
    public async Task A_key_for_an_unknown_owner_is_a_handled_failure()
    {
        var r = await LogisticsCli.RunAsync(_cs, "keys", "create", "--carrier", "NOBODY");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no carrier 'NOBODY'", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Importing_a_missing_file_says_which()
    {
        var r = await LogisticsCli.RunAsync(_cs, "import", "network", Path.Combine(_dir, "nope.csv"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no such file", r.Stderr);
    }
}
