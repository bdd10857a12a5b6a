using System.Text.Json.Nodes;
using System.Text.Json;
using Logistics.Domain.Alerts;
using Logistics.Server.Alerts;
using Logistics.Server.Capacity;
using Logistics.Server.Ingest;
using Logistics.Server.Network;
using Logistics.Server.Planning;
using Logistics.Server.Publication;
using Logistics.Server.Uploads;
using Logistics.Server.Windows;

namespace Logistics.Server;

/// <summary>
/// Examples for the OpenAPI document. Response examples are real response records serialised the
/// way the API serialises them, so an example cannot drift from its schema.
/// </summary>
internal static class OpenApiExamples
{
    private static readonly JsonSerializerOptions Json = new(AlertBody.Json);
    private static readonly DateTimeOffset Published = new(2026, 11, 9, 8, 15, 2, TimeSpan.Zero);

    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    private static AlertBody Alert => new(
        1042, AlertLevels.Blocked, "C01", "C01-H05", "origin_hub", new(2026, 11, 10, 18, 0, 0, TimeSpan.Zero), new(2026, 11, 12, 10, 0, 0, TimeSpan.Zero),
        new ForecastParcels(52100, 64800), 40000, 1.3,
        "C01's hub C01-H05 is full from Nov 11 02:00 to Nov 12 18:00 (Asia/Shanghai): as merchants would ship, 52,100 parcels (P90 64,800) would come against a capacity of 40,000; the windows reserve 33,900 of it.",
        "Hand over only what your windows reserve there from Nov 11 02:00 to Nov 12 18:00 (Asia/Shanghai): reserved parcels are taken, any beyond them will be stuck. Room again at C01-H05 from Nov 12 18:00 to Nov 13 06:00 (about 6,120 parcels). Or hand parcels to C03 at W0020 (its hub C03-H02) from Nov 11 06:00 to Nov 12 18:00 (about 2,400 parcels of room).",
        Published, 2, 318, "D11-2026",
        AlertLevels.Name(AlertKind.Handover), "Asia/Shanghai", new(2026, 11, 11, 2, 0, 0, Shanghai), new(2026, 11, 12, 18, 0, 0, Shanghai), 33900,
        new AlertAvoid("C01", "C01-H05", new(2026, 11, 11, 2, 0, 0, Shanghai), new(2026, 11, 12, 18, 0, 0, Shanghai)),
        [new AlertInstead("C01", "C01-H05", null, new(2026, 11, 12, 18, 0, 0, Shanghai), new(2026, 11, 13, 6, 0, 0, Shanghai), 6120),
         new AlertInstead("C03", "C03-H02", "W0020", new(2026, 11, 11, 6, 0, 0, Shanghai), new(2026, 11, 12, 18, 0, 0, Shanghai), 2400)],
        null, null);

    private static AlertBody DelayNotice => Alert with
    {
        Level = AlertLevels.Delay, Kind = AlertLevels.Name(AlertKind.Delay), NodeKind = "destination_hub", Node = "C02-H03", Carrier = "C02", Region = "R03", DelayHours = 9, Avoid = null, Instead = [],
        Reason = "Parcels bound for R03 through C02's hub C02-H03 from Nov 12 08:00 to Nov 13 02:00 (Asia/Shanghai) queue there up to 9 hours.",
        Advice = "Expect deliveries to R03 up to 9 hours later than usual; no change to your windows is needed.",
    };

    /// <summary>Two hours and their day, as the region and carrier views show a node.</summary>
    private static Loads.NodeStatusView HubStatus(string node, string kind, string carrier) => new(node, kind, carrier,
        [new Loads.NodeDayView(new DateOnly(2026, 11, 11), 9100, 11200, 8000, 8000, 3.5)],
        [new Loads.NodeHourView(new(2026, 11, 11, 0, 0, 0, Shanghai), 4800, 5900, 4000, 4900, 4000, 2.0),
         new Loads.NodeHourView(new(2026, 11, 11, 1, 0, 0, Shanghai), 4300, 5300, 4000, 4900, 4000, 3.5)]);

    /// <summary>A lane's two hours into the hub <see cref="HubStatus"/> shows (two such lanes make its hours), and their day.</summary>
    private static Loads.LaneStatusView LaneStatus(string origin, string destination, string carrier, long[] p50, long[] p90, long[] planned) => new(origin, destination, carrier,
        [new Loads.LaneDayView(new DateOnly(2026, 11, 11), p50.Sum(), p90.Sum(), planned.Sum(), 3.5)],
        new Loads.LaneHoursView(new(2026, 11, 11, 0, 0, 0, Shanghai), p50, p90, planned, [2.0, 3.5]));

    private static readonly Dictionary<Type, Func<object>> Responses = new()
    {
        [typeof(AlertFeedPage)] = () => new AlertFeedPage(
            [new AlertEventView("4187-Qm9yQ2xhc3NpYzEy", "updated", 2, Published, Alert)], "4187-Qm9yQ2xhc3NpYzEy", false),
        [typeof(AlertList)] = () => new AlertList([Alert], "1042-Zk3pQ0sVx8aLm2Rt", false),
        [typeof(ShipmentWindowsPage)] = () => new ShipmentWindowsPage("D11-2026", 318, Published,
            [new ShipmentWindowView("M000123", "W0020", "C01", "C01-H05", new(2026, 11, 10, 16, 0, 0, TimeSpan.Zero), new(2026, 11, 10, 22, 0, 0, TimeSpan.Zero), 1200, 318),
             new ShipmentWindowView("M000123", "W0020", "C03", "C03-H02", new(2026, 11, 10, 22, 0, 0, TimeSpan.Zero), new(2026, 11, 11, 4, 0, 0, TimeSpan.Zero), 800, 318)],
            "2-Hq7cT1mWb9eKx4Ln", true),
        [typeof(PlanRunView)] = () => new PlanRunView(318, "D11-2026", RunStatuses.Published, Published.AddMinutes(-1), Published,
            [new PlanRunStage("snapshot", 1.2), new PlanRunStage("forecast", 3.4), new PlanRunStage("plan", 5.1), new PlanRunStage("alerts", 0.3), new PlanRunStage("publish", 2.0)],
            new Dictionary<string, long> { ["merchants"] = 200, ["windows"] = 4120, ["alerts"] = 57 }, null),
        [typeof(PlanningEndpoints.PlanQueued)] = () => new PlanningEndpoints.PlanQueued("D11-2026", "job 4211", RunStatuses.Queued, "4211"),
        [typeof(UploadStatus)] = () => new UploadStatus(Guid.Parse("01935b2c-7d1e-7c3a-9f1e-2b8d4c6a1e07"), UploadKinds.Capacity, UploadStates.Rejected, "api", Published, Published.AddSeconds(2), 3, 0, 1,
            [new RowError(3, "parcels", "-40", LineRule.Negative, "parcels must not be negative")]),
        [typeof(CapacityView)] = () => new CapacityView("C01-H05", new(2026, 11, 10, 16, 0, 0, TimeSpan.Zero), new(2026, 11, 10, 18, 0, 0, TimeSpan.Zero),
            [new CapacityHour("sort", "C01", new(2026, 11, 10, 16, 0, 0, TimeSpan.Zero), 4000, Guid.Parse("01935b2c-7d1e-7c3a-9f1e-2b8d4c6a1e07"), 12),
             new CapacityHour("sort", "C01", new(2026, 11, 10, 17, 0, 0, TimeSpan.Zero), 4000, Guid.Parse("01935b2c-7d1e-7c3a-9f1e-2b8d4c6a1e07"), 12)]),
        [typeof(Regions.RegionList)] = () => new Regions.RegionList(
            [new Regions.RegionView("R03", "Region 03", [new Regions.RegionHubView("C02-H03", "Carrier 02 hub 03", "C02"), new Regions.RegionHubView("C04-H01", "Carrier 04 hub 01", "C04")])]),
        [typeof(Regions.RegionStatus)] = () => new Regions.RegionStatus("R03", "Region 03", "D11-2026", 318, Published, "Asia/Shanghai", [HubStatus("C02-H03", "destination_hub", "C02")], [DelayNotice],
            [LaneStatus("C02-H07", "C02-H03", "C02", [2600, 2300], [3200, 2900], [2150, 2150]), LaneStatus("C02-H11", "C02-H03", "C02", [2200, 2000], [2700, 2400], [1850, 1850])]),
        [typeof(Carriers.CarrierLoad)] = () => new Carriers.CarrierLoad("C01", "D11-2026", 318, Published, "Asia/Shanghai",
            new(2026, 11, 11, 0, 0, 0, Shanghai), new(2026, 11, 11, 2, 0, 0, Shanghai),
            [HubStatus("C01-H05", "origin_hub", "C01"), HubStatus("W0020", "pickup", "C01")], [Alert]),
        [typeof(string)] = () => """
            node,kind,start,hours,parcels
            C01-H05,sort,2026-11-10T16:00:00Z,24,4000
            C01-H05,sort,2026-11-11T16:00:00Z,6,3500
            W0020,pickup,2026-11-10T16:00:00Z,12,900

            """,
        [typeof(WhatIf.WhatIfView)] = () => new WhatIf.WhatIfView(57, "D11-2026", RunStatuses.Finished,
            [new WhatIf.CapacityOverride("C01-H05", "sort", new(2026, 11, 11, 0, 0, 0, Shanghai), new(2026, 11, 11, 12, 0, 0, Shanghai), Parcels: 0),
             new WhatIf.CapacityOverride("W0020", "pickup", new(2026, 11, 12, 0, 0, 0, Shanghai), new(2026, 11, 13, 0, 0, 0, Shanghai), Factor: 0.7, Carrier: "C03")],
            Published, Published.AddSeconds(2), Published.AddSeconds(31), "4212",
            new WhatIf.WhatIfDiff(318,
                [new WhatIf.DiffAlert("D11-2026/OriginSort:C01-H05:C01:240", AlertLevels.Blocked, "origin_hub", "C01-H05", "C01", new(2026, 11, 11, 0, 0, 0, Shanghai), new(2026, 11, 11, 20, 0, 0, Shanghai), 61200, 24000, null, null)],
                [],
                [new WhatIf.ChangedAlert(
                    new WhatIf.DiffAlert("D11-2026/DestinationSort:C01-H02:C01:262", AlertLevels.Delay, "destination_hub", "C01-H02", "C01", new(2026, 11, 12, 6, 0, 0, Shanghai), new(2026, 11, 12, 14, 0, 0, Shanghai), 8800, 6400, 7, "NORTH"),
                    new WhatIf.DiffAlert("D11-2026/DestinationSort:C01-H02:C01:262", AlertLevels.Delay, "destination_hub", "C01-H02", "C01", new(2026, 11, 12, 6, 0, 0, Shanghai), new(2026, 11, 12, 22, 0, 0, Shanghai), 11900, 9600, 13, "NORTH"))],
                new WhatIf.AffectedMerchants(2, ["M000123", "M004518"]),
                new WhatIf.ParcelChanges(18400, new WhatIf.Change(120500, 131200), new WhatIf.Change(0, 2100)),
                [new WhatIf.RegionDelayGrowth("NORTH", [new WhatIf.RegionDayDelay(new DateOnly(2026, 11, 12), 7.0, 12.4)])]),
            null, []),
        [typeof(WhatIf.WhatIfEndpoints.WhatIfPublished)] = () => new WhatIf.WhatIfEndpoints.WhatIfPublished(57,
            [new UploadStatus(Guid.Parse("01935b2c-7d1e-7c3a-9f1e-2b8d4c6a1e08"), UploadKinds.Capacity, UploadStates.Accepted, "api", Published, Published.AddSeconds(1), 12, 12, 0, [])], "4213"),
        [typeof(NetworkEndpoints.Me)] = () => new NetworkEndpoints.Me("merchant", false, "M000123", null),
        [typeof(NetworkEndpoints.MerchantView)] = () => new NetworkEndpoints.MerchantView("M000123", "Merchant 000123", "R03",
            [new NetworkEndpoints.MerchantWarehouseView("W0020", "Warehouse 0020", "R03")]),
    };

    public static JsonNode? Response(Type? type) =>
        type is not null && Responses.TryGetValue(type, out var make) ? JsonSerializer.SerializeToNode(make(), type, Json) : null;

    /// <summary>An upload body per kind, in CSV and as JSON rows (the contract's formats).</summary>
    public static (string Csv, JsonNode? Json)? Request(string? relativePath) => relativePath switch
    {
        "v1/capacity/uploads" => Csv("""
            node,kind,start,hours,parcels
            C01-H05,sort,2026-11-11T00:00:00+08:00,1,4000
            C01-H05,sort,2026-11-11T01:00:00+08:00,24,3500
            W0020,pickup,2026-11-11T00:00:00+08:00,12,900
            """),
        "v1/signals/uploads" => Csv("""
            campaign,merchant,warehouse,region,category,date,page_views,carts,favorites,deposits,presale_orders
            D11-2026,M000123,W0020,R03,cat01,2026-10-28,18200,1640,820,164,82
            D11-2026,M000123,W0020,R07,cat01,2026-10-28,9100,,410,,41
            """),
        "v1/outcomes/uploads" => Csv("""
            campaign,merchant,warehouse,carrier,region,date,hour,parcels
            D11-2025,M000123,W0020,C01,R03,2025-11-11,9,240
            D11-2025,M000123,W0020,C03,R03,2025-11-11,10,80
            """),
        "v1/network/uploads" => Csv("""
            kind,code,name,parent,region
            region,R03,Region 03,,
            carrier,C01,Carrier 01,,
            hub,C01-H05,Carrier 01 hub 05,C01,R03
            warehouse,W0020,Warehouse 0020,,R03
            merchant,M000123,Merchant 000123,,R03
            lane,W0020>C01-H05,,C01,
            merchant_warehouse,M000123>W0020,,,
            """),
        "v1/campaigns/uploads" => Csv("""
            code,name,time_zone,sale_days,horizon_start,horizon_end,ship_within_hours
            D11-2026,Double 11 2026,Asia/Shanghai,2026-11-01;2026-11-11,2026-11-01,2026-11-14,72
            """),
        "v1/plan-runs" => ("", new JsonObject { ["campaign"] = "D11-2026" }),
        _ => null,
    };

    /// <summary>The CSV, and the same rows as the JSON array of row objects an upload also accepts.</summary>
    private static (string Csv, JsonNode? Json) Csv(string csv)
    {
        var lines = csv.Split('\n');
        var header = lines[0].Split(',');
        var rows = new JsonArray();
        foreach (var line in lines.Skip(1))
        {
            var row = new JsonObject();
            var cells = line.Split(',');
            for (var i = 0; i < header.Length; i++)
                if (cells[i].Length > 0) row[header[i]] = cells[i];
            rows.Add(row);
        }
        return (csv + "\n", rows);
    }

    public static string Detail(Problems.Kind kind) => kind.Type switch
    {
        var t when t == Problems.BadRequest.Type => "line 3, column parcels, value '-40': parcels must be a whole number from 0 to 50000",
        var t when t == Problems.InvalidCursor.Type => "this cursor was not issued for your feed",
        var t when t == Problems.Unauthorized.Type => "send your API key as 'Authorization: Bearer <key>'",
        var t when t == Problems.Forbidden.Type => "this key's role may not use this endpoint",
        var t when t == Problems.NotFound.Type => "no campaign 'D11-2031'",
        var t when t == Problems.RateLimited.Type => "this key is over its limit of 600 requests a minute; retry in 12 s",
        _ => kind.When,
    };
}
