using System.Text;
using Dapper;

namespace Logistics.Server.Tests.Capacity;

/// <summary>An upload its request can finish comes back from the POST already decided, under the same 202 contract.</summary>
public sealed class CapacityRequestLoadTests(CapacityHost host) : IClassFixture<CapacityHost>
{
    private const string Header = "node,kind,start,hours,parcels\n";

    [Fact]
    public async Task A_small_upload_is_accepted_in_its_202_and_the_status_endpoint_says_the_same()
    {
        var posted = await host.PostAsync(host.Sf, Encoding.UTF8.GetBytes(Header + "SF-SH,sort,2026-12-01T00:00:00+08:00,3,700\n"));
        Assert.Equal("accepted", posted.GetProperty("status").GetString());
        Assert.Equal(3, posted.GetProperty("rows_applied").GetInt64());
        var status = await host.WaitAsync(host.Sf, posted.GetProperty("id").GetString()!);
        Assert.Equal(posted.ToString(), status.ToString());
        Assert.Null(await host.StagedRowsAsync(Guid.Parse(posted.GetProperty("id").GetString()!)));
    }

    [Fact]
    public async Task Overlapping_lines_found_by_the_requests_load_are_rejected_in_its_202_and_change_nothing()
    {
        var before = await host.FingerprintAsync();
        var posted = await host.PostAsync(host.Sf, Encoding.UTF8.GetBytes(Header + "SF-SH,sort,2026-12-02T00:00:00Z,2,1\nSF-SH,sort,2026-12-02T01:00:00Z,1,2\n"));
        Assert.Equal("rejected", posted.GetProperty("status").GetString());
        var error = Assert.Single(posted.GetProperty("errors").EnumerateArray());
        Assert.Equal(3, error.GetProperty("line").GetInt64());
        Assert.Contains("already covered by line 2", error.GetProperty("reason").GetString());
        Assert.Equal(before, await host.FingerprintAsync());
    }

    [Fact]
    public async Task With_another_load_merging_the_upload_is_queued_and_the_job_loads_it()
    {
        await using var blocker = await host.Db.OpenConnectionAsync();
        await blocker.ExecuteAsync("SELECT pg_advisory_lock(hashtextextended('capacity-merge', 0))");
        var posted = await host.PostAsync(host.Sf, Encoding.UTF8.GetBytes(Header + "SF-SH,sort,2026-12-03T00:00:00+08:00,1,800\n"));
        Assert.Equal("queued", posted.GetProperty("status").GetString());
        Assert.Equal(1, await host.StagedRowsAsync(Guid.Parse(posted.GetProperty("id").GetString()!)));
        await blocker.ExecuteAsync("SELECT pg_advisory_unlock(hashtextextended('capacity-merge', 0))");
        var status = await host.WaitAsync(host.Sf, posted.GetProperty("id").GetString()!);
        Assert.Equal("accepted", status.GetProperty("status").GetString());
        Assert.Equal(1, status.GetProperty("rows_applied").GetInt64());
    }
}
