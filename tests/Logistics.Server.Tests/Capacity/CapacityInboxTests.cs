using System.Text.Json;
using Dapper;
using Logistics.Server.Capacity;
using Microsoft.Extensions.DependencyInjection;

namespace Logistics.Server.Tests.Capacity;

/// <summary>The recurring Hangfire sweep of the inbox folder, on the real store.</summary>
public sealed class CapacityInboxTests(CapacityHost host) : IClassFixture<CapacityHost>
{
    private const string Header = "node,kind,start,hours,parcels\n";

    private static void Drop(string dir, string name, string text)
    {
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, name + ".part");   // written aside, then renamed in, as carriers are told to
        File.WriteAllText(tmp, text);
        File.Move(tmp, Path.Combine(dir, name));
    }

    private static async Task WaitForAsync(string path)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(path))
        {
            Assert.True(DateTime.UtcNow < until, $"{path} never appeared");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task The_sweep_loads_dropped_files_and_moves_them_to_done_or_rejected_with_their_errors()
    {
        var sf = Path.Combine(host.Inbox, "SF");
        Drop(sf, "hub.csv", Header + "SF-SH,sort,2026-11-11T09:00:00+08:00,2,420\n");
        Drop(sf, "bad.csv", Header + "SF-SH,sort,2026-11-11T10:00:00+08:00,1,420\nYTO-SH,sort,2026-11-11T10:00:00+08:00,1,5\n");
        Drop(Path.Combine(host.Inbox, "NOBODY"), "x.csv", Header);

        await WaitForAsync(Path.Combine(sf, "done", "hub.csv"));
        await WaitForAsync(Path.Combine(sf, "rejected", "bad.csv.errors.json"));
        await WaitForAsync(Path.Combine(sf, "rejected", "bad.csv"));
        await WaitForAsync(Path.Combine(host.Inbox, "NOBODY", "rejected", "x.csv.errors.json"));
        Assert.False(File.Exists(Path.Combine(sf, "hub.csv")));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(sf, "processing")));

        var errors = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(sf, "rejected", "bad.csv.errors.json"))).RootElement;
        Assert.Equal("rejected", errors.GetProperty("status").GetString());
        var e = Assert.Single(errors.GetProperty("errors").EnumerateArray());
        Assert.Equal(3, e.GetProperty("line").GetInt64());
        Assert.Equal("node", e.GetProperty("column").GetString());
        Assert.Contains("another carrier", e.GetProperty("reason").GetString());
        Assert.Contains("no carrier 'NOBODY'", await File.ReadAllTextAsync(Path.Combine(host.Inbox, "NOBODY", "rejected", "x.csv.errors.json")));

        await using var conn = await host.Db.OpenConnectionAsync();
        var loaded = (await conn.QueryAsync<(string, long, string, string)>("""
            SELECT u.status, u.rows_applied, c.code, u.file_name FROM uploads u JOIN carriers c ON c.id = u.carrier_id
            WHERE u.kind = 'capacity' AND u.source = 'inbox' ORDER BY u.file_name
            """)).ToList();
        Assert.Equal([("rejected", 0L, "SF", "bad.csv"), ("accepted", 2L, "SF", "hub.csv")], loaded);
        Assert.Equal(420, await conn.ExecuteScalarAsync<int>("""
            SELECT e.parcels FROM capacity_effective e JOIN hubs h ON h.id = e.node_id WHERE h.code = 'SF-SH' AND e.hour = '2026-11-11T02:00:00Z'
            """));
    }

    [Fact]
    public async Task Sweepers_racing_over_the_same_folder_load_each_file_exactly_once()
    {
        var yto = Path.Combine(host.Inbox, "YTO");
        var names = Enumerable.Range(0, 6).Select(i => $"f{i}.csv").ToList();
        foreach (var (name, i) in names.Select((n, i) => (n, i)))
            Drop(yto, name, Header + $"YTO-SH,sort,2026-11-12T{i:00}:00:00+08:00,1,{100 + i}\n");

        // Two more sweepers beside the recurring job's, as if three nodes shared the folder.
        var inbox = host.Services.GetRequiredService<CapacityInbox>();
        await Task.WhenAll(Task.Run(() => inbox.SweepAsync(CancellationToken.None)), Task.Run(() => inbox.SweepAsync(CancellationToken.None)));
        foreach (var name in names) await WaitForAsync(Path.Combine(yto, "done", name));

        await using var conn = await host.Db.OpenConnectionAsync();
        var uploads = (await conn.QueryAsync<string>(
            "SELECT file_name FROM uploads WHERE kind = 'capacity' AND source = 'inbox' AND file_name LIKE 'f%.csv' ORDER BY file_name")).ToList();
        Assert.Equal(names, uploads);
        Assert.Equal(names, Directory.EnumerateFiles(Path.Combine(yto, "done")).Select(f => Path.GetFileName(f)!).Order().ToList());
        Assert.Equal(6, await conn.ExecuteScalarAsync<int>("SELECT count(DISTINCT upload_id) FROM capacity_history h JOIN uploads u ON u.id = h.upload_id WHERE u.source = 'inbox' AND u.file_name LIKE 'f%.csv'"));
    }
}
