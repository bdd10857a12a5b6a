using Dapper;
using Logistics.Server.Tests.Support;

namespace Logistics.Server.Tests.Capacity;

/// <summary>`import capacity` runs the same store-and-load path from the real executable.</summary>
public sealed class CapacityCliTests(CapacityHost host) : IClassFixture<CapacityHost>, IDisposable
{
    private const string Header = "node,kind,start,hours,parcels\n";
    private readonly string _dir = Directory.CreateTempSubdirectory("logistics-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Import_capacity_for_a_carrier_loads_the_file_and_a_bad_file_exits_1_naming_every_bad_line()
    {
        var good = Write("sf.csv", Header + "SF-SH,sort,2026-11-11T00:00:00+08:00,2,800\nWH-SH1,pickup,2026-11-11T00:00:00+08:00,1,90\n");
        var ok = await LogisticsCli.RunAsync(host.ConnectionString, "import", "capacity", good, "--carrier", "SF");
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        Assert.StartsWith("accepted: 2 rows of capacity", ok.LastLine);

        await using var conn = await host.Db.OpenConnectionAsync();
        var history = await conn.ExecuteScalarAsync<string>("SELECT string_agg(t::text, ';' ORDER BY t::text) FROM capacity_history t");
        Assert.Equal(("cli", 3L, "SF"), await conn.QuerySingleAsync<(string, long, string)>(
            "SELECT u.source, u.rows_applied, c.code FROM uploads u JOIN carriers c ON c.id = u.carrier_id WHERE u.kind = 'capacity'"));

        var bad = Write("bad.csv", Header + "SF-SH,sort,2026-11-11T00:00:00+08:00,1,5\nYTO-SH,sort,2026-11-11T00:00:00+08:00,1,5\nSF-SH,sort,2026-11-11T03:00:00+08:00,1,-2\n");
        var rejected = await LogisticsCli.RunAsync(host.ConnectionString, "import", "capacity", bad, "--carrier", "SF");
        Assert.Equal(1, rejected.ExitCode);
        Assert.Contains($"{bad}: line 3, column node, value 'YTO-SH': hub 'YTO-SH' belongs to another carrier", rejected.Stderr);
        Assert.Contains($"{bad}: line 4, column parcels, value '-2': parcels must not be negative", rejected.Stderr);
        Assert.Contains("rejected: 2 bad lines", rejected.Stderr);
        Assert.Equal(history, await conn.ExecuteScalarAsync<string>("SELECT string_agg(t::text, ';' ORDER BY t::text) FROM capacity_history t"));

        // Ops without --carrier gives outbound; an unknown carrier is a clear failure.
        var outbound = await LogisticsCli.RunAsync(host.ConnectionString, "import", "capacity", Write("out.csv", Header + "WH-SH1,outbound,2026-11-11T00:00:00+08:00,1,60\n"));
        Assert.True(outbound.ExitCode == 0, outbound.Stderr);
        var nobody = await LogisticsCli.RunAsync(host.ConnectionString, "import", "capacity", good, "--carrier", "NOBODY");
        Assert.Equal(1, nobody.ExitCode);
        Assert.Contains("no carrier 'NOBODY'", nobody.Stderr);
    }
}
