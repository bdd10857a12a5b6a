using Logistics.Domain.Alerts;
using Logistics.Server.Planning;
using Logistics.Server.Publication;
using static Logistics.Server.OpenApiExamples;

namespace Logistics.Server.Alerts;

/// <summary>The alerts' examples: a blocked alert and a delay notice as the API returns them, the feed, the list and the latest run.</summary>
internal static class AlertExamples
{
    public static AlertBody Alert => new(
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

    public static AlertBody DelayNotice => Alert with
    {
        Level = AlertLevels.Delay, Kind = AlertLevels.Name(AlertKind.Delay), NodeKind = "destination_hub", Node = "C02-H03", Carrier = "C02", Region = "R03", DelayHours = 9, Avoid = null, Instead = [],
        Reason = "Parcels bound for R03 through C02's hub C02-H03 from Nov 12 08:00 to Nov 13 02:00 (Asia/Shanghai) queue there up to 9 hours.",
        Advice = "Expect deliveries to R03 up to 9 hours later than usual; no change to your windows is needed.",
    };

    /// <summary>Adds this feature's examples to the OpenAPI document (called as its endpoints are mapped).</summary>
    public static void Add()
    {
        OpenApiExamples.AddResponse(() => new AlertFeedPage(
            [new AlertEventView("4187-Qm9yQ2xhc3NpYzEy", "updated", 2, Published, Alert)], "4187-Qm9yQ2xhc3NpYzEy", false));
        OpenApiExamples.AddResponse(() => new AlertList([Alert], "1042-Zk3pQ0sVx8aLm2Rt", false));
        OpenApiExamples.AddResponse(() => new PlanRunView(318, "D11-2026", RunStatuses.Published, Published.AddMinutes(-1), Published,
            [new PlanRunStage("snapshot", 1.2), new PlanRunStage("forecast", 3.4), new PlanRunStage("plan", 5.1), new PlanRunStage("alerts", 0.3), new PlanRunStage("publish", 2.0)],
            new Dictionary<string, long> { ["merchants"] = 200, ["windows"] = 4120, ["alerts"] = 57 }, null));
    }
}
