using Logistics.Domain.Forecasting;
using Logistics.Domain.Handling;

namespace Logistics.Domain.Planning;

/// <summary>One row of a pair, its carrier and region ranked by code, for sorting without comparing strings.</summary>
internal readonly record struct PairEntry(int Hour, int Carrier, int Region, double P50, double P90) : IComparable<PairEntry>
{
    public int CompareTo(PairEntry b)
    {
        int c = Hour.CompareTo(b.Hour);
        if (c == 0) c = Carrier.CompareTo(b.Carrier);
        if (c == 0) c = Region.CompareTo(b.Region);
        if (c == 0) c = P50.CompareTo(b.P50);
        return c != 0 ? c : P90.CompareTo(b.P90);
    }
}

/// <summary>
/// One merchant-warehouse-class's rows made ready to sum: the codes they use ranked ordinal, the rows in
/// the horizon in the canonical order (hour, carrier, region, P50, P90) and their P50 rounded by
/// largest remainder. This depends on the pair alone, so it can run a pair ahead on the other core
/// while <see cref="HandoverDemandBuilder"/> sums the previous one. Buffers are reused pair after pair.
/// </summary>
internal sealed class PreparedPair(int hours)
{
    public string Merchant { get; private set; } = "";
    public string Warehouse { get; private set; } = "";
    public HandlingClass Handling { get; private set; }
    /// <summary>The codes the entries use, sorted ordinal; entries hold ranks into these.</summary>
    public List<string> Carriers { get; } = [];
    public List<string> Regions { get; } = [];
    /// <summary>Rows read (in or out of the horizon) and every row's P50 in the order read, for the run's totals.</summary>
    public int Rows { get; private set; }
    public double[] P50InOrder { get; private set; } = [];
    /// <summary>The first <see cref="Count"/> entries and counts are the pair's rows in the horizon.</summary>
    public int Count { get; private set; }
    public PairEntry[] Entries { get; private set; } = [];
    public long[] Counts { get; private set; } = [];

    /// <summary>
    /// What the pair's demand says of its forecast, summed here (on the preparing thread) in the
    /// entries' order: its integer release per hour (a new array, handed on), its P50 and P90 in the
    /// horizon (negatives as zero), its P50 shares by region and its (carrier, region) lines, both
    /// ordinal since carriers and regions are ranked so.
    /// </summary>
    public int[] Release { get; private set; } = [];
    public double P50 { get; private set; }
    public double P90 { get; private set; }
    public (string Region, double Share)[] Shares { get; private set; } = [];
    public (string Carrier, string Region)[] Lines { get; private set; } = [];

    private PairEntry[] _sorted = [];
    private double[] _values = [];
    private readonly int[] _hourStart = new int[hours + 1];
    private int[] _lineStart = [];
    private int[] _carrierRank = [], _regionRank = [];
    private readonly LargestRemainder.Scratch _scratch = new();
    private double[] _byRegion = [];
    private bool[] _lines = [];

    /// <summary>From the forecast's columns of one pair (see <see cref="HandoverPair"/>).</summary>
    public void From(HandoverPair pair)
    {
        (Merchant, Warehouse, Handling, Rows) = (pair.Merchant, pair.Warehouse, pair.Handling, pair.Count);
        P50InOrder = Fit(P50InOrder, pair.Count);
        Array.Copy(pair.P50, P50InOrder, pair.Count);
        Entries = Fit(Entries, pair.Count);
        _carrierRank = Fit(_carrierRank, pair.Carriers.Count);
        _regionRank = Fit(_regionRank, pair.Regions.Count);
        Array.Fill(_carrierRank, -1, 0, pair.Carriers.Count);
        Array.Fill(_regionRank, -1, 0, pair.Regions.Count);
        var n = 0;
        for (var i = 0; i < pair.Count; i++)
        {
            if (pair.Hour[i] < 0 || pair.Hour[i] >= hours) continue;
            _carrierRank[pair.Carrier[i]] = _regionRank[pair.Region[i]] = 0; // used
            n++;
        }
        RankUsed(pair.Carriers, _carrierRank, Carriers);
        RankUsed(pair.Regions, _regionRank, Regions);
        n = 0;
        for (var i = 0; i < pair.Count; i++)
            if (pair.Hour[i] >= 0 && pair.Hour[i] < hours)
                Entries[n++] = new PairEntry(pair.Hour[i], _carrierRank[pair.Carrier[i]], _regionRank[pair.Region[i]], pair.P50[i], pair.P90[i]);
        SortAndRound(n);
    }

    /// <summary>From rows added one by one, all in the horizon (their totals are counted as they are added).</summary>
    public void From(List<HandoverForecast> rows)
    {
        (Merchant, Warehouse, Handling, Rows) = (rows[0].Merchant, rows[0].Warehouse, rows[0].Handling, 0);
        Ranked(rows, static r => r.Carrier, Carriers);
        Ranked(rows, static r => r.Region, Regions);
        Entries = Fit(Entries, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            Entries[i] = new PairEntry(r.Hour, Rank(Carriers, r.Carrier), Rank(Regions, r.Region), r.P50, r.P90);
        }
        SortAndRound(rows.Count);
    }

    private void SortAndRound(int n)
    {
        Count = n;
        SortByHour(n);
        _values = Fit(_values, n);
        Counts = Fit(Counts, n);
        for (var i = 0; i < n; i++) _values[i] = Entries[i].P50;
        LargestRemainder.Round(_values.AsSpan(0, n), Counts.AsSpan(0, n), _scratch);
        Summarise(n);
    }

    private void Summarise(int n)
    {
        Release = n == 0 ? [] : new int[hours];
        int regions = Regions.Count, lineCount = Carriers.Count * regions;
        _byRegion = Fit(_byRegion, regions);
        _lines = Fit(_lines, lineCount);
        Array.Clear(_byRegion, 0, regions);
        Array.Clear(_lines, 0, lineCount);
        double p50 = 0, p90 = 0;
        for (var i = 0; i < n; i++)
        {
            var e = Entries[i];
            if (Counts[i] > 0) Release[e.Hour] = checked(Release[e.Hour] + (int)Counts[i]);
            double v = Math.Max(0, e.P50), v90 = Math.Max(0, e.P90);
            p50 += v; p90 += v90;
            _byRegion[e.Region] += v;
            _lines[e.Carrier * regions + e.Region] = true;
        }
        (P50, P90) = (p50, p90);
        var shares = 0;
        if (p50 > 0) for (var k = 0; k < regions; k++) if (_byRegion[k] > 0) shares++;
        Shares = new (string, double)[shares];
        if (shares > 0)
            for (int k = 0, j = 0; k < regions; k++)
                if (_byRegion[k] > 0) Shares[j++] = (Regions[k], _byRegion[k] / p50);
        var lines = 0;
        for (var i = 0; i < lineCount; i++) if (_lines[i]) lines++;
        // Carrier-major over ordinal ranks: sorted by carrier, then region, as the audience expects.
        Lines = new (string, string)[lines];
        for (int i = 0, j = 0; i < lineCount; i++)
            if (_lines[i]) Lines[j++] = (Carriers[i / regions], Regions[i % regions]);
    }

    private static T[] Fit<T>(T[] a, int n) => a.Length >= n ? a : new T[Math.Max(n, 2 * a.Length)];

    /// <summary>
    /// Sorts the pair's entries by counting, least significant first: stably by line (carrier, then
    /// region), then stably by hour. A forecast pair has one row per hour and line, so that is the
    /// whole key; rows equal in hour and line too (only ever added one by one) are then ordered by
    /// P50 and P90 among themselves. Rows equal in every field are interchangeable, so how ties fall
    /// cannot show. (Insertion-sorting each hour's rows by line cost twice as much: they come region
    /// first.)
    /// </summary>
    private void SortByHour(int n)
    {
        _sorted = Fit(_sorted, Entries.Length);
        int regions = Regions.Count, lines = Carriers.Count * regions;
        _lineStart = Fit(_lineStart, lines + 1);
        Array.Clear(_lineStart, 0, lines + 1);
        var e = Entries;
        for (var i = 0; i < n; i++) _lineStart[e[i].Carrier * regions + e[i].Region + 1]++;
        for (var l = 0; l < lines; l++) _lineStart[l + 1] += _lineStart[l];
        for (var i = 0; i < n; i++) _sorted[_lineStart[e[i].Carrier * regions + e[i].Region]++] = e[i];
        Array.Clear(_hourStart);
        for (var i = 0; i < n; i++) _hourStart[_sorted[i].Hour + 1]++;
        for (var h = 0; h < hours; h++) _hourStart[h + 1] += _hourStart[h];
        for (var i = 0; i < n; i++) e[_hourStart[_sorted[i].Hour]++] = _sorted[i];
        for (var from = 0; from < n;)
        {
            var to = from + 1;
            while (to < n && e[to].Hour == e[from].Hour && e[to].Carrier == e[from].Carrier && e[to].Region == e[from].Region) to++;
            for (var i = from + 1; i < to; i++)
            {
                var x = e[i];
                var j = i - 1;
                for (; j >= from && e[j].CompareTo(x) > 0; j--) e[j + 1] = e[j];
                e[j + 1] = x;
            }
            from = to;
        }
    }

    /// <summary>
    /// The used codes (rank 0 on entry, unused -1) sorted ordinal, as <see cref="Ranked"/> gives them
    /// for rows added one by one, and each used code's rank in that order.
    /// </summary>
    private static void RankUsed(List<string> codes, int[] rank, List<string> into)
    {
        into.Clear();
        for (var c = 0; c < codes.Count; c++) if (rank[c] == 0) into.Add(codes[c]);
        into.Sort(StringComparer.Ordinal);
        for (var c = 0; c < codes.Count; c++) if (rank[c] >= 0) rank[c] = into.BinarySearch(codes[c], StringComparer.Ordinal);
    }

    /// <summary>The distinct codes of one field of the pair's rows, sorted ordinal (a pair has a few carriers and regions).</summary>
    private static void Ranked(List<HandoverForecast> rows, Func<HandoverForecast, string> field, List<string> into)
    {
        into.Clear();
        string? last = null;
        foreach (var r in rows)
        {
            var code = field(r);
            if (ReferenceEquals(code, last) || into.Contains(code, StringComparer.Ordinal)) { last = code; continue; }
            into.Add(code);
            last = code;
        }
        into.Sort(StringComparer.Ordinal);
    }

    private static int Rank(List<string> ranked, string code)
    {
        for (var i = 0; i < ranked.Count; i++) if (ReferenceEquals(ranked[i], code)) return i;
        return ranked.BinarySearch(code, StringComparer.Ordinal);
    }
}
