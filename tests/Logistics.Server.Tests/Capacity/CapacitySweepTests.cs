using Dapper;
using Logistics.Server.Tests.Support;

namespace Logistics.Server.Tests.Capacity;

/// <summary>The sweep re-queues stranded loads, but not forever.</summary>
public sealed class CapacitySweepTests(CapacityHost host) : IClassFixture<CapacityHost>
{
    [Fact]
    public async Task An_upload_whose_load_was_started_too_often_is_marked_failed_with_the_reason()
    {
        var id = Guid.CreateVersion7();
        await using var conn = await host.Db.OpenConnectionAsync();
        // Stranded as a dying load leaves it: processing, its staging table still there, started 5 times (the default cap).
        await conn.ExecuteAsync("""
            INSERT INTO uploads (id, kind, status, source, carrier_id, body_sha256, content_type, body_bytes, created_at, load_attempts)
            VALUES (@id, 'capacity', 'processing', 'api', (SELECT id FROM carriers WHERE code = 'SF'), '\x00', 'text/csv', 1, now() - interval '1 minute', 5)
            """, new { id });
        await conn.ExecuteAsync($"CREATE TABLE staging.capacity_{id:N} (line bigint)");

        var status = await host.WaitAsync(host.Ops, id.ToString());
        Assert.Equal("failed", status.GetProperty("status").GetString());
        var e = Assert.Single(status.GetProperty("errors").EnumerateArray());
        Assert.Contains("started 5 times and never finished", e.GetProperty("reason").GetString());
        Assert.Equal(1, status.GetProperty("error_count").GetInt32());
        Assert.Null(await host.StagedRowsAsync(id));
        Assert.Equal(5, await conn.ExecuteScalarAsync<int>("SELECT load_attempts FROM uploads WHERE id = @id", new { id }));   // not started again
    }
}
