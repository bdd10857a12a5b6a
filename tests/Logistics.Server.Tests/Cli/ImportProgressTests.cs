using Logistics.Server.Tests.Support;

namespace Logistics.Server.Tests.Cli;

/// <summary>Import progress on stderr: asked for with --progress when stderr is not a terminal, silent otherwise.</summary>
public sealed class ImportProgressTests(TestHost host) : IClassFixture<TestHost>, IAsyncLifetime, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("logistics-progress-").FullName;

    public async Task InitializeAsync()
    {
        var ops = host.Client(await host.KeyAsync("ops"));
        await Fixtures.UploadAsync(ops, "network", Fixtures.Network);
        await Fixtures.UploadAsync(ops, "campaigns", Fixtures.Campaigns);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Progress_shows_percentage_rows_rate_and_eta_when_asked_and_nothing_when_not()
    {
        var file = Path.Combine(_dir, "signals.csv");
        var rows = Enumerable.Range(0, 30).Select(d => $"D11-2026,M-ACME,WH-SH1,EAST,apparel,{new DateOnly(2026, 10, 1).AddDays(d):yyyy-MM-dd},1500,120,,30,");
        await File.WriteAllLinesAsync(file, rows.Prepend("campaign,merchant,warehouse,region,category,date,page_views,carts,favorites,deposits,presale_orders"));

        var quiet = await LogisticsCli.RunAsync(host.ConnectionString, "import", "signals", file);
        Assert.True(quiet.ExitCode == 0, quiet.Stderr);
        Assert.DoesNotContain("ETA", quiet.Stderr);

        var shown = await LogisticsCli.RunAsync(host.ConnectionString, "import", "signals", file, "--progress");
        Assert.True(shown.ExitCode == 0, shown.Stderr);
        var line = shown.Stderr.Split('\n').First(l => l.Contains("ETA", StringComparison.Ordinal));
        Assert.Matches(@"signals\.csv: 100% of \d+ KiB, 30 rows, [\d.]+ [KMG]i?B/s, [\d,]+ rows/s, ETA 0:00", line);
        Assert.DoesNotContain('\r', shown.Stderr);   // not a terminal: whole lines, no redrawing
    }
}
