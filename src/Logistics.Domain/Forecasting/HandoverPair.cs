using Logistics.Domain.Handling;

namespace Logistics.Domain.Forecasting;

/// <summary>
/// All the hourly handover rows of one merchant at one warehouse in one handling class, as columns: row i is carrier
/// <c>Carriers[Carrier[i]]</c>, region <c>Regions[Region[i]]</c>, <c>Hour[i]</c>, <c>P50[i]</c>,
/// <c>P90[i]</c>, in the order <see cref="SignalForecast.Handovers"/> yields them.
/// <para>
/// At national scale the forecast is 210 million rows: one object each was most of the forecast
/// stage. The forecast fills one of these per pair and reuses it for the next, so a reader must
/// take what it needs before moving on.
/// </para>
/// </summary>
public sealed class HandoverPair
{
    public string Merchant { get; private set; } = "";
    public string Warehouse { get; private set; } = "";
    public HandlingClass Handling { get; private set; }
    /// <summary>The pair's carriers and regions; rows hold indices into these.</summary>
    public List<string> Carriers { get; } = [];
    public List<string> Regions { get; } = [];
    public int Count { get; private set; }
    public int[] Hour { get; private set; } = [];
    public int[] Carrier { get; private set; } = [];
    public int[] Region { get; private set; } = [];
    public double[] P50 { get; private set; } = [];
    public double[] P90 { get; private set; } = [];

    internal void Start(string merchant, string warehouse, HandlingClass handling = HandlingClass.Parcel)
    {
        Merchant = merchant;
        Warehouse = warehouse;
        Handling = handling;
        Carriers.Clear();
        Regions.Clear();
        Count = 0;
    }

    internal void Add(int hour, int carrier, int region, double p50, double p90)
    {
        if (Count == Hour.Length)
        {
            var size = Math.Max(64, 2 * Count);
            Hour = Grow(Hour, size); Carrier = Grow(Carrier, size); Region = Grow(Region, size);
            P50 = Grow(P50, size); P90 = Grow(P90, size);
        }
        Hour[Count] = hour; Carrier[Count] = carrier; Region[Count] = region; P50[Count] = p50; P90[Count] = p90;
        Count++;
    }

    private static T[] Grow<T>(T[] a, int size)
    {
        var b = new T[size];
        Array.Copy(a, b, a.Length);
        return b;
    }

    /// <summary>The pairs as one row object each (tests, small forecasts, anything that wants a list).</summary>
    public static IEnumerable<HandoverForecast> Rows(IEnumerable<HandoverPair> pairs)
    {
        foreach (var p in pairs)
            for (var i = 0; i < p.Count; i++)
                yield return new HandoverForecast(p.Merchant, p.Warehouse, p.Carriers[p.Carrier[i]], p.Regions[p.Region[i]], p.Hour[i], p.P50[i], p.P90[i], p.Handling);
    }
}
