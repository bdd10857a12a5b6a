using System.Globalization;
using System.Text;
using Logistics.Server.Tests.Support;

namespace Logistics.Server.Tests.Regions;

/// <summary>
/// The region world with Cora shipping from Shanghai to NORTH with SF, so NORTH has a lane from
/// another region's hub (SF-SH → SF-BJ) beside Bolt's own (SF-BJ → SF-BJ).
/// </summary>
public sealed class RegionLanesWorldHost : RegionWorldHost
{
    protected override async Task BeforePlanningAsync()
    {
        var cora = await Fixtures.UploadAsync(Client(OpsKey), "network", """
            kind,code,name,parent,region
            merchant,M-CORA,Cora Books,,EAST
            merchant_warehouse,M-CORA>WH-SH1,,,
            """);
        Assert.Equal("accepted", cora.GetProperty("status").GetString());
        var (signals, outcomes) = CoraDemand();
        await UploadAndWaitAsync("signals", signals);
        await UploadAndWaitAsync("outcomes", outcomes);
    }

    /// <summary>Cora's signals (Shanghai to NORTH) for the past and the current Double 11, and the past one's outcomes, all with SF.</summary>
    private static (string Signals, string Outcomes) CoraDemand()
    {
        var signals = new StringBuilder("campaign,merchant,warehouse,region,category,date,page_views,carts,favorites,deposits,presale_orders\n");
        var outcomes = new StringBuilder("campaign,merchant,warehouse,carrier,region,date,hour,parcels\n");
        foreach (var (campaign, year, scale) in new[] { ("D11-2025", 2025, 1.0), ("D11-2026", 2026, 1.4) })
            for (var d = 0; d < 30; d++)
            {
                var carts = (int)(scale * (100 + 10 * d));
                signals.Append(CultureInfo.InvariantCulture, $"{campaign},M-CORA,WH-SH1,NORTH,books,{new DateOnly(year, 10, 2).AddDays(d):yyyy-MM-dd},{carts * 8},{carts},{carts / 2},{carts / 10},{carts / 20}\n");
            }
        for (var d = 0; d < 14; d++)
        {
            var date = new DateOnly(2025, 11, 1).AddDays(d);
            foreach (var hour in Enumerable.Range(10, 8))
                outcomes.Append(CultureInfo.InvariantCulture, $"D11-2025,M-CORA,WH-SH1,SF,NORTH,{date:yyyy-MM-dd},{hour},{(date.Day is 1 or 11 ? 60 : 15)}\n");
        }
        return (signals.ToString(), outcomes.ToString());
    }
}
