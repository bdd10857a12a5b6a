using System.Text;
using System.Text.Json;
using Logistics.Server.Planning;
using Logistics.Server.Tests.Planning;
using Logistics.Server.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Logistics.Server.Tests.Regions;

/// <summary>
/// The small world with SF's Beijing hub (NORTH's receiving hub, and Bolt's origin hub) nearly shut on
/// Nov 12-13: parcels the plan sends on before then queue there, so NORTH has delay to show. Planned
/// once and published; the API has seen the publication.
/// </summary>
public class RegionWorldHost : SmallWorldHost
{
    public long Run { get; private set; }

    /// <summary>Called once the small world is loaded, before the run is planned (a subclass adds to the world here).</summary>
    protected virtual Task BeforePlanningAsync() => Task.CompletedTask;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await BeforePlanningAsync();
        var capacity = new StringBuilder("node,kind,start,hours,parcels\n");
        foreach (var day in new[] { 12, 13 }) capacity.Append($"SF-BJ,sort,2026-11-{day}T00:00:00+08:00,24,1\n");
        await UploadAndWaitAsync("capacity", capacity.ToString(), await KeyAsync("carrier", "SF"));
        var run = await new PlanningRun(Db, TestClock.Provider, NullLogger<PlanningRun>.Instance).RunAsync("D11-2026", "manual", "test", null, CancellationToken.None);
        Assert.True(run.Status == "published", run.Error);
        Run = run.RunId;
        // The API learns of a publication by NOTIFY (or its 3 s fallback poll).
        for (var i = 0; i < 100; i++)
        {
            var page = await Fixtures.GetJsonAsync(Client(OpsKey), "/v1/shipment-windows?campaign=D11-2026");
            if (page.GetProperty("plan_run").ValueKind == JsonValueKind.Number && page.GetProperty("plan_run").GetInt64() == Run) return;
            await Task.Delay(100);
        }
        throw new TimeoutException("the API never saw the publication");
    }
}
