using System.Globalization;
using Logistics.Domain.Campaigns;
using Logistics.Domain.Capacity;
using Logistics.Domain.Demand;
using Logistics.Domain.Handling;
using Logistics.Domain.Network;

namespace Logistics.Scenarios;

/// <summary>
/// Writes scenario parts as CSV in exactly the CONTRACTS.md formats (header row, comma, RFC 4180
/// quoting, LF line ends, invariant formatting) so output is byte-identical for the same seed.
/// </summary>
public static class ScenarioCsv
{
    public const string CampaignsHeader = "code,name,time_zone,sale_days,horizon_start,horizon_end,ship_within_hours";
    public const string NetworkHeader = "kind,code,name,parent,region";
    public const string CapacityHeader = "node,kind,start,hours,parcels";
    public const string SignalsHeader = "campaign,merchant,warehouse,region,category,date,page_views,carts,favorites,deposits,presale_orders";
    public const string OutcomesHeader = "campaign,merchant,warehouse,carrier,region,date,hour,parcels";

    public static void WriteCampaigns(TextWriter writer, IEnumerable<Campaign> campaigns)
    {
        writer.Write(CampaignsHeader);
        writer.Write('\n');
        foreach (var c in campaigns)
        {
            Field(writer, c.Code); writer.Write(',');
            Field(writer, c.Name); writer.Write(',');
            Field(writer, c.TimeZone); writer.Write(',');
            Field(writer, string.Join(';', c.SaleDays.Select(Date))); writer.Write(',');
            writer.Write(Date(c.HorizonStart)); writer.Write(',');
            writer.Write(Date(c.HorizonEnd)); writer.Write(',');
            Number(writer, c.ShipWithinHours);
            writer.Write('\n');
        }
    }

    /// <summary>
    /// Regions, carriers, hubs, warehouses, merchants, lanes, merchant_warehouses — each row's
    /// parent and region appear before it — then, with appliances, a `handling` column and the bulky
    /// categories (a category no row classes is a parcel). The generator's lane transit hours are not
    /// written: the planner's default stands for them.
    /// </summary>
    public static void WriteNetwork(TextWriter writer, NetworkModel network)
    {
        var handling = network.BulkyCategories is not null;
        writer.Write(NetworkHeader);
        writer.Write(handling ? ",handling\n" : "\n");
        void Row(string kind, string code, string name, string parent, string region, string? cls = null)
        {
            NetworkRow(writer, kind, code, name, parent, region);
            if (handling) { writer.Write(','); writer.Write(cls); }
            writer.Write('\n');
        }
        foreach (var r in network.Regions) Row("region", r.Code, r.Name, "", "");
        foreach (var c in network.Carriers) Row("carrier", c.Code, c.Name, "", "");
        foreach (var h in network.Hubs) Row("hub", h.Code, h.Name, h.Carrier, h.Region);
        foreach (var w in network.Warehouses) Row("warehouse", w.Code, w.Name, "", w.Region);
        foreach (var m in network.Merchants) Row("merchant", m.Code, m.Name, "", "");
        foreach (var l in network.Lanes) Row("lane", l.Code, $"{l.Warehouse} to {l.Hub}", l.Carrier, "");
        foreach (var mw in network.MerchantWarehouses) Row("merchant_warehouse", $"{mw.Merchant}>{mw.Warehouse}", $"{mw.Merchant} at {mw.Warehouse}", "", "");
        foreach (var c in network.BulkyCategories ?? []) Row("category", c, $"Large appliances ({c})", "", "", HandlingClasses.Name(HandlingClass.Bulky));
    }

    /// <summary>
    /// One-hour buckets, start in the campaign's local offset. Pickup rows carry no carrier column:
    /// the uploading carrier is the owner, so upload each carrier's pickup rows separately
    /// (filter on <see cref="HourlyCapacity.Carrier"/>).
    /// </summary>
    public static void WriteCapacity(TextWriter writer, IEnumerable<HourlyCapacity> rows, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        writer.Write(CapacityHeader);
        writer.Write('\n');
        Span<char> buffer = stackalloc char[40];
        foreach (var row in rows)
        {
            Field(writer, row.Node); writer.Write(',');
            writer.Write(row.Kind switch
            {
                CapacityKind.Sort => "sort",
                CapacityKind.Pickup => "pickup",
                CapacityKind.Outbound => "outbound",
                CapacityKind.BulkySort => "bulky_sort",
                CapacityKind.BulkyPickup => "bulky_pickup",
                _ => throw new ArgumentOutOfRangeException(nameof(rows), row.Kind, "unknown capacity kind"),
            });
            writer.Write(',');
            var local = TimeZoneInfo.ConvertTime(row.HourUtc, zone);
            local.TryFormat(buffer, out var n, "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
            writer.Write(buffer[..n]);
            writer.Write(",1,");
            Number(writer, row.Parcels);
            writer.Write('\n');
        }
    }

    public static void WriteSignals(TextWriter writer, IEnumerable<SignalRow> rows)
    {
        writer.Write(SignalsHeader);
        writer.Write('\n');
        foreach (var r in rows)
        {
            Field(writer, r.Campaign); writer.Write(',');
            Field(writer, r.Merchant); writer.Write(',');
            Field(writer, r.Warehouse); writer.Write(',');
            Field(writer, r.Region); writer.Write(',');
            Field(writer, r.Category); writer.Write(',');
            WriteDate(writer, r.Date); writer.Write(',');
            Optional(writer, r.PageViews); writer.Write(',');
            Optional(writer, r.Carts); writer.Write(',');
            Optional(writer, r.Favorites); writer.Write(',');
            Optional(writer, r.Deposits); writer.Write(',');
            Optional(writer, r.PresaleOrders);
            writer.Write('\n');
        }
    }

    /// <param name="handling">Write the optional `handling` column (`bulky`, or empty for a parcel): a world with appliances.</param>
    public static void WriteOutcomes(TextWriter writer, IEnumerable<OutcomeRow> rows, bool handling = false)
    {
        writer.Write(OutcomesHeader);
        writer.Write(handling ? ",handling\n" : "\n");
        foreach (var r in rows)
        {
            Field(writer, r.Campaign); writer.Write(',');
            Field(writer, r.Merchant); writer.Write(',');
            Field(writer, r.Warehouse); writer.Write(',');
            Field(writer, r.Carrier); writer.Write(',');
            Field(writer, r.Region); writer.Write(',');
            WriteDate(writer, r.Date); writer.Write(',');
            Number(writer, r.Hour); writer.Write(',');
            Number(writer, r.Parcels);
            if (handling)
            {
                writer.Write(',');
                if (r.Handling == HandlingClass.Bulky) writer.Write(HandlingClasses.Name(HandlingClass.Bulky));
            }
            writer.Write('\n');
        }
    }

    /// <summary>Convenience: the scenario's parts as ops would upload them (signals: past + current as of).</summary>
    public static void WriteCampaigns(TextWriter writer, Scenario s) => WriteCampaigns(writer, s.Campaigns);
    public static void WriteNetwork(TextWriter writer, Scenario s) => WriteNetwork(writer, s.Network);
    public static void WriteCapacity(TextWriter writer, Scenario s) => WriteCapacity(writer, s.Capacity(), s.Current.Zone);
    /// <summary>
    /// One uploader's capacity file: a carrier's sort (its hubs) and pickup rows, or, with
    /// <paramref name="carrier"/> null, the warehouses' outbound rows (uploaded by ops).
    /// </summary>
    public static void WriteCapacity(TextWriter writer, Scenario s, string? carrier) =>
        WriteCapacity(writer, s.Capacity().Where(r => r.Carrier == carrier), s.Current.Zone);
    public static void WriteSignals(TextWriter writer, Scenario s) => WriteSignals(writer, s.Signals());
    public static void WriteOutcomes(TextWriter writer, Scenario s) => WriteOutcomes(writer, s.Outcomes(), s.HasAppliances);

    private static void NetworkRow(TextWriter w, string kind, string code, string name, string parent, string region)
    {
        w.Write(kind); w.Write(',');
        Field(w, code); w.Write(',');
        Field(w, name); w.Write(',');
        Field(w, parent); w.Write(',');
        Field(w, region);
    }

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void WriteDate(TextWriter w, DateOnly d)
    {
        Span<char> buffer = stackalloc char[10];
        d.TryFormat(buffer, out var n, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        w.Write(buffer[..n]);
    }

    private static void Number(TextWriter w, long value)
    {
        Span<char> buffer = stackalloc char[20];
        value.TryFormat(buffer, out var n, default, CultureInfo.InvariantCulture);
        w.Write(buffer[..n]);
    }

    private static void Optional(TextWriter w, long? value)
    {
        if (value is { } v) Number(w, v);
    }

    /// <summary>RFC 4180: quote when the value holds a comma, quote, CR or LF; double inner quotes.</summary>
    private static void Field(TextWriter w, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0) { w.Write(value); return; }
        w.Write('"');
        w.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        w.Write('"');
    }
}
