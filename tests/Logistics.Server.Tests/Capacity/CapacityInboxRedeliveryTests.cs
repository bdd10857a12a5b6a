using Dapper;

namespace Logistics.Server.Tests.Capacity;

/// <summary>
/// Inbox idempotency: a file delivered again (same carrier, name and content as its latest inbox
/// upload of that name, which was not rejected) is not loaded again; new content under the name is.
/// </summary>
public sealed class CapacityInboxRedeliveryTests(CapacityHost host) : IClassFixture<CapacityHost>
{
    private const string Header = "node,kind,start,hours,parcels\n";
    private const string Name = "daily.csv";

    private string Sf => Path.Combine(host.Inbox, "SF");

    private void Drop(string text)
    {
        Directory.CreateDirectory(Sf);
        var tmp = Path.Combine(Sf, Name + ".part");
        File.WriteAllText(tmp, text);
        File.Move(tmp, Path.Combine(Sf, Name));
    }

    private static async Task UntilAsync(Func<Task<bool>> done, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < until, $"never: {what}");
            await Task.Delay(100);
        }
    }

    private async Task<long> UploadsAsync()
    {
        await using var conn = await host.Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM uploads WHERE kind = 'capacity' AND source = 'inbox' AND file_name = @Name", new { Name });
    }

    private async Task<int> EffectiveAsync()
    {
        await using var conn = await host.Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<int>("""
            SELECT e.parcels FROM capacity_effective e JOIN hubs h ON h.id = e.node_id WHERE h.code = 'SF-BJ' AND e.hour = '2026-11-12T16:00:00Z'
            """);
    }

    private int Done(string pattern) => Directory.Exists(Path.Combine(Sf, "done")) ? Directory.EnumerateFiles(Path.Combine(Sf, "done"), pattern).Count() : 0;

    // The inbox is empty again: the file was claimed and finished.
    private bool Swept() => !File.Exists(Path.Combine(Sf, Name)) && (!Directory.Exists(Path.Combine(Sf, "processing")) || !Directory.EnumerateFiles(Path.Combine(Sf, "processing")).Any());

    [Fact]
    public async Task The_same_file_dropped_again_is_not_loaded_twice_while_new_content_under_its_name_is()
    {
        var v1 = Header + "SF-BJ,sort,2026-11-13T00:00:00+08:00,1,111\n";
        var v2 = Header + "SF-BJ,sort,2026-11-13T00:00:00+08:00,1,222\n";

        Drop(v1);
        await UntilAsync(async () => Swept() && await UploadsAsync() == 1 && Done("*.csv") == 1, "the first delivery loaded");
        Assert.Equal(111, await EffectiveAsync());

        Drop(v1);   // delivered again, e.g. by a client retrying its transfer
        await UntilAsync(() => Task.FromResult(Swept() && Done("*.duplicate.json") == 1), "the second delivery set aside");
        Assert.Equal(1, await UploadsAsync());
        Assert.Equal(2, Done("*.csv"));
        var note = await File.ReadAllTextAsync(Directory.EnumerateFiles(Path.Combine(Sf, "done"), "*.duplicate.json").Single());
        Assert.Contains("duplicate_of", note);

        Drop(v2);   // tomorrow's file under the same name
        await UntilAsync(async () => Swept() && await UploadsAsync() == 2, "new content loaded");
        Assert.Equal(222, await EffectiveAsync());

        Drop(v1);   // the old content again, after different content: meant, so loaded
        await UntilAsync(async () => Swept() && await UploadsAsync() == 3, "the old content loaded again");
        Assert.Equal(111, await EffectiveAsync());
        Assert.Equal(1, Done("*.duplicate.json"));
    }
}
