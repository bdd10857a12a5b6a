using System.Globalization;
using System.Text;
using Dapper;
using Logistics.Domain.Alerts;
using Logistics.Domain.Handling;
using Logistics.Server.Loads;
using Npgsql;

namespace Logistics.Server.Dashboard;

/// <summary>
/// Regions × local days of the published run, each cell coloured by the largest expected delay at the
/// region's receiving hubs that day; a cell opens the hubs behind it, hour by hour, and the lanes
/// into them (a row per lane, its hours coloured by the delay its parcels meet). One handling class
/// at a time: the hubs' sorters and the parcels' lanes, or (`?handling=bulky`) their bulky lines and
/// the bulky goods' lanes.
/// </summary>
internal static class RegionsPage
{
    private sealed record Published(string Code, long Run, string TimeZone, DateOnly HorizonStart, DateOnly HorizonEnd, string SaleDays);

    public static async Task<IResult> RenderAsync(HttpContext http, NpgsqlDataSource db, string? campaign, string? region, string? date, string? handling, CancellationToken ct)
    {
        // A class the page does not know shows parcels, and says so.
        var known = HandlingClasses.TryParse(handling ?? HandlingClasses.Parcel, out var shown);
        if (!known) shown = HandlingClass.Parcel;
        var bulky = shown == HandlingClass.Bulky;
        var flash = known ? null : $"handling must be {HandlingClasses.Parcel} or {HandlingClasses.Bulky}, not '{handling}': showing parcels";
        var classQuery = bulky ? $"&handling={HandlingClasses.Bulky}" : "";
        await using var conn = await db.OpenConnectionAsync(ct);
        var published = (await conn.QueryAsync<Published>(new CommandDefinition("""
            SELECT c.code, p.plan_run_id AS run, c.time_zone, c.horizon_start, c.horizon_end, array_to_string(c.sale_days, ',') AS sale_days
            FROM publications p JOIN campaigns c ON c.id = p.campaign_id ORDER BY c.horizon_start DESC
            """, cancellationToken: ct))).ToList();
        if (published.Count == 0) return Html.Page(http, "Regions", "<p>No run has been published yet.</p>");
        var current = published.FirstOrDefault(p => p.Code == campaign) ?? published[0];
        var facts = new Logistics.Domain.Campaigns.Campaign(current.Code, current.Code, current.TimeZone,
            [.. current.SaleDays.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => DateOnly.Parse(d, CultureInfo.InvariantCulture))], current.HorizonStart, current.HorizonEnd);

        var hubs = await conn.QueryAsync<(string Hub, string Region)>(new CommandDefinition(
            "SELECT h.code, r.code FROM hubs h JOIN regions r ON r.id = h.region_id", cancellationToken: ct));
        var regionOf = hubs.ToDictionary(h => h.Hub, h => h.Region, StringComparer.Ordinal);
        var loads = (await conn.QueryAsync<NodeLoadRow>(new CommandDefinition(
            $"SELECT {NodeLoadRow.Columns} FROM plan_node_loads WHERE plan_run_id = @Run AND kind = @kind ORDER BY node, carrier",
            new { current.Run, kind = bulky ? AlertLevels.BulkyDestinationHub : AlertLevels.DestinationHub }, cancellationToken: ct))).ToList();
        // Per region and day, the worst hub (null: its backlog does not clear).
        var cells = new SortedDictionary<string, Dictionary<DateOnly, double?>>(StringComparer.Ordinal);
        foreach (var l in loads)
        {
            if (!regionOf.TryGetValue(l.Node, out var r)) continue;
            if (!cells.TryGetValue(r, out var days)) cells[r] = days = [];
            foreach (var (d, delay) in NodeStatus.DailyDelay(l, facts))
                days[d] = days.TryGetValue(d, out var was) ? (was is { } w && delay is { } x ? Math.Max(w, x) : null) : delay;
        }
        var dates = Enumerable.Range(0, current.HorizonEnd.DayNumber - current.HorizonStart.DayNumber + 1).Select(current.HorizonStart.AddDays).ToList();

        var body = new StringBuilder("<p>Campaign: " + string.Join(" · ", published.Select(p =>
            p.Code == current.Code ? $"<b>{Html.E(p.Code)}</b>" : $"<a href=\"/ops/regions?campaign={Uri.EscapeDataString(p.Code)}\">{Html.E(p.Code)}</a>")) + "</p>");
        body.Append(CultureInfo.InvariantCulture, $"<p>Run <a href=\"/ops/runs/{current.Run}\">{current.Run}</a>: the largest expected extra delay, in hours, at each region's receiving hubs per day ({Html.E(current.TimeZone)}). Click a cell for the hubs and lanes behind it.</p>");
        var here = $"/ops/regions?campaign={Uri.EscapeDataString(current.Code)}";
        body.Append($"<p class=\"filter\">Show: {(bulky ? $"<a href=\"{here}\">parcels</a> · <b>bulky goods</b> (the hubs' bulky lines)" : $"<b>parcels</b> · <a href=\"{here}&handling={HandlingClasses.Bulky}\">bulky goods</a>")}</p>");
        body.Append("<table class=\"heat\" aria-label=\"regions by day\"><tr><th>region</th>");
        foreach (var d in dates) body.Append(CultureInfo.InvariantCulture, $"<th>{d:MMM d}</th>");
        body.Append("</tr>");
        foreach (var (r, days) in cells)
        {
            body.Append($"<tr><th>{Html.E(r)}</th>");
            foreach (var d in dates)
            {
                double? delay = days.TryGetValue(d, out var v) ? v : 0;
                var text = delay is { } x ? (x < 0.05 ? "0" : x.ToString("0.#", CultureInfo.InvariantCulture)) : "∞";
                var link = $"/ops/regions?campaign={Uri.EscapeDataString(current.Code)}&region={Uri.EscapeDataString(r)}&date={d:yyyy-MM-dd}{classQuery}";
                body.Append(CultureInfo.InvariantCulture, $"<td class=\"cell\" style=\"background:{Colour(delay)}\" data-region=\"{Html.E(r)}\" data-date=\"{d:yyyy-MM-dd}\"><a href=\"{link}\">{text}</a></td>");
            }
            body.Append("</tr>");
        }
        body.Append("</table><p class=\"legend\">0 h <span style=\"background:" + Colour(0) + "\">&nbsp;&nbsp;</span> up to 6 h <span style=\"background:" + Colour(3) + "\">&nbsp;&nbsp;</span> 6–12 h <span style=\"background:" + Colour(9) +
                    "\">&nbsp;&nbsp;</span> 12–24 h <span style=\"background:" + Colour(18) + "\">&nbsp;&nbsp;</span> over a day <span style=\"background:" + Colour(30) + "\">&nbsp;&nbsp;</span></p>");

        if (region is not null && DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            body.Append(CultureInfo.InvariantCulture, $"<h2 id=\"detail\">{Html.E(region)} on {day:MMM d}: its receiving hubs and the lanes into them by hour</h2>");
            var behind = loads.Where(l => regionOf.GetValueOrDefault(l.Node) == region).ToList();
            if (behind.Count == 0) body.Append("<p>No receiving hub of this region carries planned parcels.</p>");
            foreach (var l in behind)
            {
                var view = NodeStatus.View(l, facts, 0, l.Planned.Length);
                body.Append($"<h3>{Html.E(l.Node)} ({Html.E(l.Carrier)})</h3><table class=\"hours\"><tr><th>hour</th><th class=\"num\">forecast P50</th><th class=\"num\">P90</th><th class=\"num\">planned</th><th class=\"num\">capacity</th><th class=\"num\">delay h</th></tr>");
                foreach (var h in view.Hours.Where(h => DateOnly.FromDateTime(h.Start.DateTime) == day))
                    body.Append(CultureInfo.InvariantCulture, $"<tr><td>{h.Start:HH:mm}</td><td class=\"num\">{h.ForecastP50:N0}</td><td class=\"num\">{h.ForecastP90:N0}</td><td class=\"num\">{h.Planned:N0}</td><td class=\"num\">{(h.Capacity is { } c ? c.ToString("N0", CultureInfo.InvariantCulture) : "—")}</td><td class=\"num\" style=\"background:{Colour(h.DelayHours)}\">{(h.DelayHours is { } w ? w.ToString("0.0", CultureInfo.InvariantCulture) : "∞")}</td></tr>");
                body.Append("</table>");
            }
            var lanes = await conn.QueryAsync<LaneLoadRow>(new CommandDefinition($"""
                SELECT {LaneLoadRow.Columns} FROM plan_lane_loads
                WHERE plan_run_id = @Run AND bulky = @bulky
                  AND destination IN (SELECT h.code FROM hubs h JOIN regions r ON r.id = h.region_id WHERE r.code = @region)
                ORDER BY destination, carrier, origin
                """, new { current.Run, region, bulky }, cancellationToken: ct));
            var delays = behind.ToDictionary(l => (l.Node, l.Carrier ?? ""), l => l.DelayHours());
            LanesOfDay(body, [.. lanes.Select(l => LaneStatus.View(l, delays.GetValueOrDefault((l.Destination, l.Carrier)), facts))], day, facts.Zone);
        }
        return Html.Page(http, $"Regions · {current.Code}", body.ToString(), flash);
    }

    /// <summary>The lanes with parcels reaching the region on the day: the day's sums, then each hour's planned parcels coloured by their delay.</summary>
    private static void LanesOfDay(StringBuilder body, IReadOnlyList<LaneStatusView> lanes, DateOnly day, TimeZoneInfo zone)
    {
        var shown = lanes.Where(l => l.Days.Any(d => d.Date == day && (d.Planned > 0 || d.ForecastP50 > 0))).ToList();
        body.Append(CultureInfo.InvariantCulture, $"<h3 id=\"lanes\">Lanes into these hubs ({shown.Count})</h3>");
        if (shown.Count == 0) { body.Append("<p>No lane brings parcels that day.</p>"); return; }
        body.Append("<p>By the hour parcels reach the receiving hub: planned parcels, coloured by the delay they meet there.</p>");
        body.Append("<table class=\"lanes\" aria-label=\"lanes\"><tr><th>lane</th><th>carrier</th><th class=\"num\">forecast P50</th><th class=\"num\">P90</th><th class=\"num\">planned</th><th class=\"num\">max delay h</th>");
        for (var h = 0; h < 24; h++) body.Append(CultureInfo.InvariantCulture, $"<th class=\"num\">{h:00}</th>");
        body.Append("</tr>");
        foreach (var l in shown)
        {
            var d = l.Days.Single(x => x.Date == day);
            body.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"white-space:nowrap\">{Html.E(l.Origin)} → {Html.E(l.Destination)}</td><td>{Html.E(l.Carrier)}</td><td class=\"num\">{d.ForecastP50:N0}</td><td class=\"num\">{d.ForecastP90:N0}</td><td class=\"num\">{d.Planned:N0}</td>");
            body.Append(CultureInfo.InvariantCulture, $"<td class=\"num\" style=\"background:{Colour(d.MaxDelayHours)}\">{(d.MaxDelayHours is { } m ? m.ToString("0.0", CultureInfo.InvariantCulture) : "∞")}</td>");
            // A cell per local clock hour (on a daylight-saving change a repeated hour shows its later
            // one); an hour outside the lane's span carries nothing.
            var cells = new string[24];
            for (var i = 0; i < l.Hourly.Planned.Count; i++)
            {
                var start = TimeZoneInfo.ConvertTime(l.Hourly.Start.AddHours(i), zone);
                if (DateOnly.FromDateTime(start.DateTime) != day) continue;
                var wait = l.Hourly.DelayHours[i];
                cells[start.Hour] = $"<td class=\"num\" style=\"background:{Colour(wait)}\" title=\"delay {(wait is { } w ? w.ToString("0.0", CultureInfo.InvariantCulture) : "∞")} h\">{l.Hourly.Planned[i].ToString("N0", CultureInfo.InvariantCulture)}</td>";
            }
            foreach (var c in cells) body.Append(c ?? "<td class=\"num\"></td>");
            body.Append("</tr>");
        }
        body.Append("</table>");
    }

    /// <summary>White when nothing waits, then yellow, orange, red, dark red beyond a day (or never clearing).</summary>
    internal static string Colour(double? delay) => delay switch
    {
        null => "#8b1a1a",
        < 0.05 => "#ffffff",
        < 6 => "#fff3c4",
        < 12 => "#ffd8a8",
        < 24 => "#ff8787",
        _ => "#c92a2a",
    };
}
