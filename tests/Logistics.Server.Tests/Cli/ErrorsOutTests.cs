using Logistics.Server.Tests.Support;

namespace Logistics.Server.Tests.Cli;

/// <summary>`import … --errors-out FILE`: a rejection's bad lines as a CSV file, besides stderr.</summary>
public sealed class ErrorsOutTests(TestHost host) : IClassFixture<TestHost>, IAsyncLifetime, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("logistics-errors-out-").FullName;

    public async Task InitializeAsync()
    {
        var ops = host.Client(await host.KeyAsync("ops"));
        await Fixtures.UploadAsync(ops, "network", Fixtures.Network);
        await Fixtures.UploadAsync(ops, "campaigns", Fixtures.Campaigns);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_rejected_import_writes_every_bad_line_to_the_file_and_exits_1()
    {
        var file = Path.Combine(_dir, "signals.csv");
        await File.WriteAllTextAsync(file, """
            campaign,merchant,warehouse,region,category,date,page_views,carts,favorites,deposits,presale_orders
            D11-2026,M-ACME,WH-SH1,EAST,apparel,2026-10-20,1500,120,,30,
            D11-2026,M-ACME
            D11-2026,M-NOPE,WH-SH1,EAST,apparel,2026-10-20,1500,120,,30,
            D11-2026,M-ACME,WH-SH1,EAST,apparel,2026-10-21,"1,500",120,,30,

            """);
        var report = Path.Combine(_dir, "errors.csv");
        var run = await LogisticsCli.RunAsync(host.ConnectionString, "import", "signals", file, "--errors-out", report);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"3 bad lines written to {report}", run.Stderr);
        var lines = await File.ReadAllLinesAsync(report);
        Assert.Equal("line,column,value,reason,rule", lines[0]);   // the rule last: the first four columns keep their places
        Assert.Equal(4, lines.Length);
        Assert.Equal("3,,,\"expected 11 fields, found 2\",field_count", lines[1]);   // a field with a comma is quoted
        Assert.StartsWith("4,merchant,M-NOPE,unknown merchant", lines[2]);
        Assert.EndsWith(",unknown_merchant", lines[2]);
        Assert.StartsWith("5,page_views,\"1,500\",", lines[3]);
        Assert.EndsWith(",fractional", lines[3]);   // what a thousands separator looks like to the count check
        Assert.Contains("line 4, column merchant, value 'M-NOPE': unknown merchant", run.Stderr);
        Assert.Contains("[unknown_merchant]", run.Stderr);
    }

    [Fact]
    public async Task A_rejected_capacity_import_writes_each_bad_lines_rule_including_those_the_load_finds()
    {
        var file = Path.Combine(_dir, "capacity.csv");
        await File.WriteAllTextAsync(file, """
            node,kind,start,hours,parcels
            SF-SH,sort,2026-11-11T00:00:00+08:00,1,100
            SF-SH,srot,2026-11-11T01:00:00+08:00,1,100
            SF-SH,sort,2026-11-11,1,100
            SF-SH,sort,2026-11-11T00:00:00+08:00,1,200

            """);
        var report = Path.Combine(_dir, "capacity-errors.csv");
        var run = await LogisticsCli.RunAsync(host.ConnectionString, "import", "capacity", file, "--carrier", "SF", "--errors-out", report);
        Assert.Equal(1, run.ExitCode);
        var lines = await File.ReadAllLinesAsync(report);
        Assert.Equal("line,column,value,reason,rule", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("3,kind,srot,", lines[1]);
        Assert.EndsWith("(did you mean 'sort'?)\",unknown_kind", lines[1]);   // quoted: the reason holds commas
        Assert.StartsWith("4,start,2026-11-11,", lines[2]);
        Assert.EndsWith(",date_only", lines[2]);
        Assert.StartsWith("5,start,2026-11-11T00:00:00+08:00,", lines[3]);
        Assert.EndsWith(",overlapping_hours", lines[3]);
        Assert.Contains("[overlapping_hours]", run.Stderr);
    }
}
