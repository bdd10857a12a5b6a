using System.Text;
using Dapper;
using Logistics.Server.Capacity;
using Logistics.Server.Tests.Support;
using Logistics.Server.Uploads;
using Microsoft.Extensions.DependencyInjection;

namespace Logistics.Server.Tests.Capacity;

/// <summary>Lines are checked against the network as they stream in; a network upload landing before their load is seen by the load.</summary>
public sealed class CapacityNetworkChangeTests(CapacityHost host) : IClassFixture<CapacityHost>
{
    private const string Header = "node,kind,start,hours,parcels\n";

    private async Task<Guid> StageAsync(long? carrier, string csv)
    {
        // Received and staged, but not loaded yet (no job scheduled; a command-line receive leaves the load to its caller).
        var staged = await host.Services.GetRequiredService<UploadIntake>().ReceiveAsync(UploadKind.Capacity,
            new UploadSubmission(UploadSubmission.CommandLine, null, carrier, null, "text/csv", null), new MemoryStream(Encoding.UTF8.GetBytes(csv)), null, CancellationToken.None);
        Assert.Equal("queued", staged.Upload.Status);
        return staged.Upload.Id;
    }

    [Fact]
    public async Task A_hub_that_changed_carrier_since_staging_rejects_the_old_carriers_lines_and_ops_lines_follow_it()
    {
        await using var conn = await host.Db.OpenConnectionAsync();
        var sf = await conn.ExecuteScalarAsync<long>("SELECT id FROM carriers WHERE code = 'SF'");
        var carriers = await StageAsync(sf, Header + "SF-SH,sort,2026-11-11T00:00:00+08:00,1,100\nSF-BJ,sort,2026-11-11T00:00:00+08:00,1,100\n");
        var ops = await StageAsync(null, Header + "SF-BJ,sort,2026-11-11T01:00:00+08:00,1,70\n");

        var moved = await Fixtures.UploadAsync(host.Client(host.Ops), "network", "kind,code,name,parent,region\nhub,SF-BJ,SF Beijing hub,YTO,NORTH\n");
        Assert.Equal("accepted", moved.GetProperty("status").GetString());

        var loader = host.Services.GetRequiredService<CapacityLoader>();
        var rejected = await loader.LoadAsync(carriers, CancellationToken.None);
        Assert.Equal("rejected", rejected.Status);
        var e = Assert.Single(rejected.Errors);
        Assert.Equal((3L, "node", "SF-BJ", "hub 'SF-BJ' belongs to another carrier"), (e.Line, e.Column, e.Value, e.Reason));

        var accepted = await loader.LoadAsync(ops, CancellationToken.None);
        Assert.Equal("accepted", accepted.Status);
        Assert.Equal("YTO", await conn.ExecuteScalarAsync<string>("""
            SELECT c.code FROM capacity_effective e JOIN hubs h ON h.id = e.node_id JOIN carriers c ON c.id = e.carrier_id
            WHERE h.code = 'SF-BJ' AND e.hour = '2026-11-10T17:00:00Z'
            """));
        Assert.Equal(0, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM capacity_history h JOIN hubs n ON n.id = h.node_id WHERE n.code = 'SF-SH'"));
    }
}
