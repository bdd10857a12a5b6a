using Logistics.Domain.Campaigns;
using Logistics.Domain.Demand;
using Logistics.Domain.Network;

namespace Logistics.Domain.Forecasting;

/// <summary>
/// The signal model. A unit is one merchant at one warehouse towards one region.
/// <list type="number">
/// <item>Partial signals at the as-of date are scaled to their final values with the previous
/// campaign's cumulative share collected by the same days to the first sale day (per category and
/// signal, falling back to all categories when a category saw few events).</item>
/// <item>A unit's campaign volume = α·(its ordinary volume in the previous campaign, i.e. what it
/// shipped minus what its signals explained) + Σ β[category, signal]·final signal, α, β ≥ 0 fitted
/// by non-negative least squares on past campaigns (re-estimating the ordinary volumes a few rounds),
/// each category's β shrunk toward the all-category fit by how many merchants back it; a category
/// never seen uses the all-category prior. Cold-start merchants (no previous volume) use coefficients
/// fitted without the history term. Units without any signal take the history-only path: α′·previous
/// volume with the unit's own day shape (level × previous lift), α′ fitted alone.</item>
/// <item>Days: the ordinary part evenly, the signal part by the pooled sale shape learned from past
/// excess volume by days to the first sale day (so 11.01 and 11.11 line up year to year).</item>
/// <item>Each day is split over carriers (the merchant-warehouse's past shares, else its warehouse's,
/// else the warehouse's lanes) and local hours (its past hour profile blended with its warehouse's
/// and the network's) into <see cref="HandoverForecast"/> rows.</item>
/// <item>P90 = P50 × a size-bucketed ratio (actual ÷ forecast) calibrated by replaying the as-of cut
/// on the last past campaign.</item>
/// </list>
/// Outcome rows are handovers (what a carrier received, when), so the day shape already holds the lag
/// from order to handover. Deterministic: output order follows sorted codes, not input order.
/// </summary>
public static class SignalForecaster
{
    /// <summary>Rounds of the fit: each re-estimates the ordinary volume of the previous campaign with the latest β.</summary>
    private const int FitRounds = 4;

    /// <summary>Signals further than this many days from the first sale day are not part of its curve.</summary>
    private const int CurveSpan = 366;

    /// <summary>Days before a past campaign's horizon whose outcomes are kept, for its level (the level path).</summary>
    private const int PreSpan = 120;

    public static SignalForecast Forecast(ForecastInput input, SignalModelOptions? options = null)
    {
        ForecastColumns? columns = input.ToColumns();
        return Forecast(ref columns, options);
    }

    public static SignalForecast Forecast(ForecastColumns input, SignalModelOptions? options = null)
    {
        ForecastColumns? held = input; // the caller keeps its reference: nothing is let go early
        return Forecast(ref held, options);
    }

    /// <summary>
    /// The forecast of columns handed over: <paramref name="input"/> is taken (set to null) and each
    /// table is let go as soon as the model has read it: the outcomes and all but the last past
    /// campaign's signals after learning from them, the current signals once summed. At national
    /// scale the tables are most of a planning run's memory (the outcomes alone 0.7 GB).
    /// </summary>
    public static SignalForecast Forecast(ref ForecastColumns? input, SignalModelOptions? options = null)
    {
        ForecastColumns? taken = input ?? throw new ArgumentNullException(nameof(input));
        input = null;
        var (campaign, asOf, network) = (taken.Campaign, taken.AsOf, taken.Network);
        SignalColumns? signals = taken.Signals;
        var recent = taken.Recent;
        PastColumns?[] past = [.. taken.Past.OrderBy(p => FirstSale(p.Campaign)).ThenBy(p => p.Campaign.Code, StringComparer.Ordinal)];
        taken = null;

        var m = new Model(options ?? SignalModelOptions.Default);
        for (var i = 0; i < past.Length; i++)
        {
            m.AddPast(past[i]!);
            past[i] = null;
        }
        m.ReleaseEarlierSignalRows();
        if (recent is not null) m.ReadRecent(recent, asOf.DayNumber);
        recent = null;
        var current = m.ReadSignals(signals, asOf.DayNumber);
        signals = null;
        var firstSale = FirstSale(campaign);
        m.Fit(asOf.DayNumber - firstSale.DayNumber);
        return m.Predict(campaign, asOf, network, current, firstSale);
    }

    internal static DateOnly FirstSale(Campaign c) => c.SaleDays.Count == 0 ? c.HorizonStart : c.SaleDays.Min();

    private sealed class PastData
    {
        public required Campaign Campaign;
        public required DateOnly FirstSale;
        public required SignalTable Signals;
        public required SignalColumns? SignalRows;     // the rows, kept for the last campaign only (the calibration replays them)
        public List<double[]?> Curve = []; // (4·category + kind) → events per day, index = days to first sale + CurveSpan
        public readonly Dictionary<int, double[]> Daily = []; // unit → parcels per horizon day
        public readonly Dictionary<int, double[]> Before = []; // unit → parcels per day of the PreSpan days before the horizon (only when given)
        /// <summary>Parcels of a unit on a date (a <see cref="DateOnly.DayNumber"/>), in the horizon or the days kept before it.</summary>
        public double OnDay(int unit, int dayNumber)
        {
            var i = dayNumber - Campaign.HorizonStart.DayNumber;
            if (i >= 0) return Daily.TryGetValue(unit, out var d) && i < d.Length ? d[i] : 0;
            return Before.TryGetValue(unit, out var b) && i >= -PreSpan ? b[PreSpan + i] : 0;
        }
        public double[] Pooled = [];                           // all units, per horizon day
        public int[] Start = [], Order = [];                   // signal slots grouped by unit (see SignalTable.ByUnit)
        public double[] Ordinary = [];                         // unit → volume not explained by its signals
        public int Days => Campaign.HorizonEnd.DayNumber - Campaign.HorizonStart.DayNumber + 1;
        public int Offset(int day) => Campaign.HorizonStart.DayNumber + day - FirstSale.DayNumber;
        public double[] Volumes = [];                           // unit → parcels over the horizon (filled by CacheVolumes)
        public double Volume(int unit)
        {
            if (unit < Volumes.Length) return Volumes[unit];
            if (!Daily.TryGetValue(unit, out var d)) return 0;
            double s = 0;
            foreach (var v in d) s += v;
            return s;
        }
        public void CacheVolumes(int units)
        {
            var volumes = new double[units];
            foreach (var (u, d) in Daily) { double s = 0; foreach (var v in d) s += v; volumes[u] = s; }
            Volumes = volumes;
        }
        public double Day(int unit, int offset)
        {
            var i = offset + FirstSale.DayNumber - Campaign.HorizonStart.DayNumber;
            return Daily.TryGetValue(unit, out var d) && i >= 0 && i < d.Length ? d[i] : 0;
        }
        public double PooledDay(int offset, out bool covered)
        {
            var i = offset + FirstSale.DayNumber - Campaign.HorizonStart.DayNumber;
            covered = i >= 0 && i < Pooled.Length;
            return covered ? Pooled[i] : 0;
        }
    }

    private sealed class Model(SignalModelOptions o)
    {
        private readonly Interner _merchants = new(), _warehouses = new(), _regions = new(), _categories = new(), _carriers = new();
        private readonly Dictionary<long, int> _unitIds = [];
        private readonly List<int> _unitMerchant = [], _unitWarehouse = [], _unitRegion = [];
        private readonly List<PastData> _past = [];
        // Handover habits: per merchant-warehouse and per warehouse, parcels by carrier and by local hour.
        private readonly Dictionary<long, Dictionary<int, double>> _mwCarrier = [], _wCarrier = [];
        private readonly Dictionary<long, double[]> _mwHour = [], _wHour = [];
        private readonly double[] _hour = new double[24];

        private double[] _beta = [];        // [0] = α (previous volume), [1 + 4c + k] = β[c, k]
        private double[] _betaAll = [];     // [0] = α, [1 + k] = all-category β[k]
        private double[] _cold = [];        // as _beta, fitted without the history term (α = 0)
        private double _alphaHistory = 1;   // history-only path
        private UpperBands _signalBands = new(), _historyBands = new();

        private int Unit(CodeMap merchants, int merchant, CodeMap warehouses, int warehouse, CodeMap regions, int region)
        {
            int mi = merchants.Id(merchant), wi = warehouses.Id(warehouse), ri = regions.Id(region);
            var key = ((long)mi << 40) | ((long)wi << 20) | (uint)ri;
            if (_unitIds.TryGetValue(key, out var u)) return u;
            u = _unitMerchant.Count;
            _unitIds.Add(key, u);
            _unitMerchant.Add(mi); _unitWarehouse.Add(wi); _unitRegion.Add(ri);
            return u;
        }

        private readonly Dictionary<(Interner, CodeTable), CodeMap> _maps = [];

        /// <summary>The model ids of a code table's indices (tables may share code tables; each pair is mapped once).</summary>
        private CodeMap Map(Interner interner, CodeTable codes)
        {
            if (!_maps.TryGetValue((interner, codes), out var map)) _maps[(interner, codes)] = map = new CodeMap(codes, interner);
            return map;
        }

        private const int CalibrationFolds = 4;
        private readonly List<int> _merchantFold = [];

        /// <summary>A merchant's calibration fold, from a stable hash of its code (not of input order).</summary>
        private int Fold(int unit)
        {
            var m = _unitMerchant[unit];
            while (_merchantFold.Count <= m)
            {
                uint h = 2166136261;
                foreach (var ch in _merchants[_merchantFold.Count]) h = (h ^ ch) * 16777619;
                _merchantFold.Add((int)(h % CalibrationFolds));
            }
            return _merchantFold[m];
        }

        private static long MwKey(int merchant, int warehouse) => ((long)merchant << 32) | (uint)warehouse;

        public void AddPast(PastColumns p)
        {
            var c = p.Campaign;
            var firstSale = FirstSale(c);
            var curve = new List<double[]?>();
            var data = new PastData { Campaign = c, FirstSale = firstSale, Signals = ReadSignals(p.Signals, int.MaxValue, curve, firstSale), SignalRows = p.Signals, Curve = curve };
            var days = data.Days;
            data.Pooled = new double[days];
            // Rows usually come grouped by unit and carrier: remember the last ones to skip lookups.
            var unitHours = new Dictionary<int, double[]>();
            var unitCarrier = new Dictionary<long, double>();
            int lastUnit = -1, lastCarrier = -1;
            int lastM = -1, lastW = -1, lastR = -1, lastC = -1;
            double[] daily = [], hours = [];
            long runKey = -1; // parcels of consecutive rows of one unit and carrier, added to unitCarrier at once
            double run = 0;
            var rows = p.Outcomes;
            CodeMap merchants = Map(_merchants, rows.Merchants), warehouses = Map(_warehouses, rows.Warehouses), regions = Map(_regions, rows.Regions);
            var carriers = Map(_carriers, rows.Carriers);
            var horizonStart = c.HorizonStart.DayNumber;
            for (var row = 0; row < rows.Rows; row++)
            {
                var i = rows.Day(row) - horizonStart;
                var parcels = rows.Parcels(row);
                if (i < 0 && i >= -PreSpan && parcels > 0)
                {
                    // Before the horizon: only the unit's level reads it (see ForecastColumns.Recent).
                    var before = Unit(merchants, rows.Merchant(row), warehouses, rows.Warehouse(row), regions, rows.Region(row));
                    if (!data.Before.TryGetValue(before, out var b)) data.Before[before] = b = new double[PreSpan];
                    b[PreSpan + i] += parcels;
                    continue;
                }
                if (i < 0 || i >= days || parcels <= 0) continue;
                int m = rows.Merchant(row), w = rows.Warehouse(row), r = rows.Region(row);
                if (lastUnit < 0 || m != lastM || w != lastW || r != lastR)
                {
                    (lastM, lastW, lastR) = (m, w, r);
                    lastUnit = Unit(merchants, m, warehouses, w, regions, r);
                    if (!data.Daily.TryGetValue(lastUnit, out daily!)) data.Daily[lastUnit] = daily = new double[days];
                    if (!unitHours.TryGetValue(lastUnit, out hours!)) unitHours[lastUnit] = hours = new double[24];
                }
                var carrier = rows.Carrier(row);
                if (lastCarrier < 0 || carrier != lastC) { lastC = carrier; lastCarrier = carriers.Id(carrier); }
                daily[i] += parcels;
                data.Pooled[i] += parcels;
                var key = ((long)lastUnit << 16) | (uint)lastCarrier;
                if (key != runKey)
                {
                    if (runKey >= 0) unitCarrier[runKey] = unitCarrier.GetValueOrDefault(runKey) + run;
                    (runKey, run) = (key, 0);
                }
                run += parcels;
                var hour = rows.Hour(row);
                if (hour != OutcomeColumns.NoHour) hours[hour] += parcels;
            }
            if (runKey >= 0) unitCarrier[runKey] = unitCarrier.GetValueOrDefault(runKey) + run;
            // Fold the unit totals into merchant-warehouse, warehouse and network habits.
            foreach (var (key, parcels) in unitCarrier)
            {
                var u = (int)(key >> 16);
                var carrier = (int)(key & 0xFFFF);
                int mi = _unitMerchant[u], wi = _unitWarehouse[u];
                Add(_mwCarrier, MwKey(mi, wi), carrier, parcels);
                Add(_wCarrier, wi, carrier, parcels);
            }
            foreach (var (u, h) in unitHours)
            {
                int mi = _unitMerchant[u], wi = _unitWarehouse[u];
                var mw = Hours(_mwHour, MwKey(mi, wi));
                var w = Hours(_wHour, wi);
                for (var k = 0; k < 24; k++) { mw[k] += h[k]; w[k] += h[k]; _hour[k] += h[k]; }
            }
            _past.Add(data);
        }

        private static void Add(Dictionary<long, Dictionary<int, double>> map, long key, int carrier, double parcels)
        {
            if (!map.TryGetValue(key, out var d)) map[key] = d = [];
            d[carrier] = d.GetValueOrDefault(carrier) + parcels;
        }

        private static double[] Hours(Dictionary<long, double[]> map, long key)
        {
            if (!map.TryGetValue(key, out var h)) map[key] = h = new double[24];
            return h;
        }

        /// <summary>One pass over signal rows dated on or before <paramref name="asOfDay"/> (a <see cref="DateOnly.DayNumber"/>).</summary>
        /// <param name="curve">When given, also filled with the events per (category, signal) and day to <paramref name="firstSale"/>.</param>
        public SignalTable ReadSignals(SignalColumns rows, int asOfDay, List<double[]?>? curve = null, DateOnly firstSale = default)
        {
            var table = new SignalTable();
            int lastUnit = -1, lastCategory = -1, slot = -1;
            int lastM = -1, lastW = -1, lastR = -1, lastK = -1;
            CodeMap merchants = Map(_merchants, rows.Merchants), warehouses = Map(_warehouses, rows.Warehouses), regions = Map(_regions, rows.Regions);
            var categories = Map(_categories, rows.Categories);
            for (var i = 0; i < rows.Rows; i++)
            {
                var date = rows.Day(i);
                if (date > asOfDay) continue;
                int m = rows.Merchant(i), w = rows.Warehouse(i), r = rows.Region(i), category = rows.Category(i);
                // Rows come by unit and category, a row per day: the slot is looked up when either changes.
                if (lastUnit < 0 || m != lastM || w != lastW || r != lastR)
                {
                    (lastM, lastW, lastR) = (m, w, r);
                    lastUnit = Unit(merchants, m, warehouses, w, regions, r);
                    slot = -1;
                }
                if (lastCategory < 0 || category != lastK) { lastK = category; lastCategory = categories.Id(category); slot = -1; }
                if (slot < 0) slot = table.Slot(lastUnit, lastCategory);
                var known = table.Known[slot];
                var rowKnown = rows.KnownBits(i);
                for (var k = 0; k < SignalKinds.Count; k++)
                {
                    if ((rowKnown & (1 << SignalKinds.Column(k))) == 0) continue;
                    table.Sums[k][slot] += rows.Count(i, SignalKinds.Column(k));
                    known |= (byte)(1 << k);
                }
                table.Known[slot] = known;
                if (curve is null) continue;
                var day = date - firstSale.DayNumber + CurveSpan;
                if (day < 0 || day > 2 * CurveSpan) continue; // not a pre-sale signal of this campaign
                while (curve.Count < SignalKinds.Count * (lastCategory + 1)) curve.Add(null);
                for (var k = 0; k < SignalKinds.Count; k++)
                {
                    if ((rowKnown & (1 << SignalKinds.Column(k))) == 0) continue;
                    var v = rows.Count(i, SignalKinds.Column(k));
                    if (v == 0) continue;
                    var perDay = curve[SignalKinds.Count * lastCategory + k] ??= new double[2 * CurveSpan + 1];
                    perDay[day] += v;
                }
            }
            return table;
        }

        private int Columns => 1 + SignalKinds.Count * _categories.Count;

        /// <summary>Fits α, β (all-category, then per category shrunk toward it) and the history-only α′.</summary>
        public void Fit(int asOfOffset)
        {
            foreach (var p in _past) { (p.Start, p.Order) = p.Signals.ByUnit(_unitMerchant.Count); p.CacheVolumes(_unitMerchant.Count); }
            _beta = new double[Columns];
            for (var round = 0; round < FitRounds; round++)
            {
                foreach (var p in _past) p.Ordinary = OrdinaryVolumes(p);
                (_betaAll, _beta, var alpha) = FitOnce(withHistory: _past.Count >= 2);
                if (_past.Count >= 2) _alphaHistory = alpha;
            }
            // Merchants new to the network have no previous volume: their coefficients are fitted without
            // the history term, so they also carry the typical ordinary volume per signal (category priors).
            _cold = _past.Count >= 2 ? FitOnce(withHistory: false).Beta : _beta;
            foreach (var p in _past) p.Ordinary = OrdinaryVolumes(p);
            _signalShape = DayEffects();
            Calibrate(asOfOffset);
        }

        /// <summary>
        /// A unit's ordinary volume in a campaign: what it shipped minus what its signals explain. Next
        /// year's history term is built on this, so last year's sale-driven parcels are not counted twice.
        /// </summary>
        private double[] OrdinaryVolumes(PastData p)
        {
            var result = new double[_unitMerchant.Count];
            for (var u = 0; u < result.Length; u++)
            {
                var v = p.Volume(u);
                if (v <= 0) continue;
                var s = p.Start[u] < p.Start[u + 1] ? SignalVolume(p.Signals, p.Order, p.Start[u], p.Start[u + 1], null) : 0;
                result[u] = Math.Max(0, v - s);
            }
            return result;
        }

        /// <param name="skipFold">Leave out the merchants of this fold (cross-fitting for calibration); -1 keeps all.</param>
        private (double[] All, double[] Beta, double AlphaHistory) FitOnce(bool withHistory, int skipFold = -1)
        {
            var cols = Columns;
            var gram = new double[cols, cols];
            var rhs = new double[cols];
            var gramAll = new double[1 + SignalKinds.Count, 1 + SignalKinds.Count];
            var rhsAll = new double[1 + SignalKinds.Count];
            var rowsPerCategory = new int[_categories.Count];

            // With the history term the first campaign only supplies the previous volume of the second.
            var useHistory = withHistory;
            var idx = new List<int>();
            var val = new List<double>();
            var all = new double[1 + SignalKinds.Count];
            // Growth of the whole volume (α′, history-only) as a ratio of totals: a least-squares slope on
            // last year's noisy volume would be attenuated toward 0.
            double volumeNow = 0, volumeBefore = 0;
            for (var p = 1; useHistory && p < _past.Count; p++)
            {
                for (var u = 0; u < _unitMerchant.Count; u++)
                {
                    if (skipFold >= 0 && Fold(u) == skipFold) continue;
                    var before = _past[p - 1].Volume(u);
                    if (before > 0) { volumeBefore += before; volumeNow += _past[p].Volume(u); }
                }
            }
            for (var p = useHistory ? 1 : 0; p < _past.Count; p++)
            {
                var data = _past[p];
                var (start, order) = (data.Start, data.Order);
                foreach (var u in RowsOf(data, start))
                {
                    if (skipFold >= 0 && Fold(u) == skipFold) continue;
                    var y = data.Volume(u);
                    var x0 = useHistory ? _past[p - 1].Ordinary[u] : 0;
                    if (start[u] == start[u + 1] || AllUnknown(data.Signals, order, start[u], start[u + 1])) continue;
                    idx.Clear(); val.Clear(); Array.Clear(all);
                    if (x0 > 0) { idx.Add(0); val.Add(x0); all[0] = x0; }
                    for (var s = start[u]; s < start[u + 1]; s++)
                    {
                        var slot = order[s];
                        var c = data.Signals.Category[slot];
                        rowsPerCategory[c]++;
                        for (var k = 0; k < SignalKinds.Count; k++)
                        {
                            var v = data.Signals.Sums[k][slot];
                            if (v == 0) continue;
                            idx.Add(1 + SignalKinds.Count * c + k); val.Add(v); all[1 + k] += v;
                        }
                    }
                    for (var a = 0; a < idx.Count; a++)
                    {
                        rhs[idx[a]] += val[a] * y;
                        for (var b = 0; b < idx.Count; b++) gram[idx[a], idx[b]] += val[a] * val[b];
                    }
                    for (var a = 0; a < all.Length; a++)
                    {
                        rhsAll[a] += all[a] * y;
                        for (var b = 0; b < all.Length; b++) gramAll[a, b] += all[a] * all[b];
                    }
                }
            }
            var betaAll = Nnls.Solve(gramAll, rhsAll, o.NnlsSweeps);

            var start0 = new double[cols];
            start0[0] = betaAll[0];
            for (var c = 0; c < _categories.Count; c++)
            {
                for (var k = 0; k < SignalKinds.Count; k++)
                {
                    var j = 1 + SignalKinds.Count * c + k;
                    var prior = betaAll[1 + k];
                    start0[j] = prior;
                    if (gram[j, j] <= 0) { gram[j, j] = 1; rhs[j] = prior; continue; } // unseen: the prior itself
                    // Ridge toward the prior worth CategoryShrinkRows average rows of this column.
                    var lambda = o.CategoryShrinkRows * gram[j, j] / Math.Max(1, rowsPerCategory[c]);
                    gram[j, j] += lambda;
                    rhs[j] += lambda * prior;
                }
            }
            return (betaAll, Nnls.Solve(gram, rhs, o.NnlsSweeps, start0), volumeBefore > 0 ? volumeNow / volumeBefore : 1);
        }

        /// <summary>
        /// Weekday factors and the pooled day shape of the signal-driven parcels (by days to the first
        /// sale day), fitted jointly on the past campaigns' daily totals:
        /// total(day) = weekday factor × (ordinary volume ÷ days + signal-driven volume × shape(day)).
        /// The even ordinary part pins the weekday factors; since weekdays shift against the calendar
        /// from year to year, last year's Sunday does not become this year's 11.03 dip.
        /// </summary>
        private Dictionary<int, double> DayEffects()
        {
            Array.Fill(_dow, 1.0);
            var shape = new Dictionary<int, double>();
            var count = new Dictionary<int, int>();
            var ordinary = new double[_past.Count];
            var signal = new double[_past.Count];
            for (var p = 0; p < _past.Count; p++)
            {
                double o = 0;
                foreach (var u in _past[p].Daily.Keys) o += _past[p].Ordinary[u];
                ordinary[p] = o / _past[p].Days;
                signal[p] = Sum(_past[p].Pooled) - o;
            }
            var num = new double[7];
            var den = new double[7];
            for (var round = 0; round < DayEffectRounds; round++)
            {
                shape.Clear(); count.Clear();
                for (var p = 0; p < _past.Count; p++)
                {
                    var data = _past[p];
                    if (signal[p] <= 0) continue;
                    for (var i = 0; i < data.Days; i++)
                    {
                        var off = data.Offset(i);
                        var v = Math.Max(0, data.Pooled[i] / Dow(data.FirstSale.AddDays(off)) - ordinary[p]) / signal[p];
                        shape[off] = shape.GetValueOrDefault(off) + v;
                        count[off] = count.GetValueOrDefault(off) + 1;
                    }
                }
                foreach (var off in count.Keys) shape[off] /= count[off];
                Array.Clear(num); Array.Clear(den);
                for (var p = 0; p < _past.Count; p++)
                {
                    var data = _past[p];
                    for (var i = 0; i < data.Days; i++)
                    {
                        var off = data.Offset(i);
                        var w = (int)data.FirstSale.AddDays(off).DayOfWeek;
                        num[w] += data.Pooled[i];
                        den[w] += ordinary[p] + Math.Max(0, signal[p]) * shape.GetValueOrDefault(off);
                    }
                }
                double mean = 0; var seen = 0;
                for (var w = 0; w < 7; w++)
                    if (den[w] > 0 && num[w] > 0) { _dow[w] = num[w] / den[w]; mean += _dow[w]; seen++; }
                if (seen == 0) break;
                mean /= seen;
                for (var w = 0; w < 7; w++) _dow[w] = den[w] > 0 && num[w] > 0 ? _dow[w] / mean : 1.0;
            }
            return shape;
        }

        private const int DayEffectRounds = 30;
        private readonly double[] _dow = [1, 1, 1, 1, 1, 1, 1]; // by DayOfWeek
        private double Dow(DateOnly date) => _dow[(int)date.DayOfWeek];

        private Dictionary<int, double> _signalShape = [];

        /// <summary>The signal-driven share per day of <paramref name="offsets"/>, summing to 1 (flat when unknown).</summary>
        private void SignalShape(int[] offsets, double[] shape)
        {
            double total = 0;
            for (var i = 0; i < offsets.Length; i++) { shape[i] = _signalShape.GetValueOrDefault(offsets[i]); total += shape[i]; }
            for (var i = 0; i < offsets.Length; i++) shape[i] = total > 0 ? shape[i] / total : 1.0 / offsets.Length;
        }

        /// <summary>Units that are rows of a past campaign: shipped in it or had signals in it.</summary>
        private IEnumerable<int> RowsOf(PastData data, int[] start)
        {
            for (var u = 0; u < _unitMerchant.Count; u++)
                if (start[u] < start[u + 1] || data.Daily.ContainsKey(u)) yield return u;
        }

        private static bool AllUnknown(SignalTable t, int[] order, int from, int to)
        {
            for (var s = from; s < to; s++) if (t.Known[order[s]] != 0) return false;
            return true;
        }

        private double SignalVolume(SignalTable t, int[] order, int from, int to, double[]? share, double[]? beta = null)
        {
            beta ??= _beta;
            double sum = 0;
            for (var s = from; s < to; s++)
            {
                var slot = order[s];
                var c = t.Category[slot];
                for (var k = 0; k < SignalKinds.Count; k++)
                {
                    var v = t.Sums[k][slot];
                    if (v == 0) continue;
                    var collected = share is null ? 1 : share[SignalKinds.Count * c + k];
                    sum += beta[1 + SignalKinds.Count * c + k] * v / collected;
                }
            }
            return sum;
        }

        /// <summary>Size-bucketed P90 ratios from the last past campaign (in-sample; see the report).</summary>
        private void Calibrate(int asOfOffset)
        {
            _signalBands = new UpperBands();
            _historyBands = new UpperBands();
            if (_past.Count == 0) return;
            var last = _past[^1];
            var prev = _past.Count >= 2 ? _past[^2] : null;
            var (start, order) = (last.Start, last.Order);
            var offsets = new int[last.Days];
            for (var i = 0; i < offsets.Length; i++) offsets[i] = last.Offset(i);
            var shape = new double[offsets.Length];
            var signalShape = new double[offsets.Length];
            SignalShape(offsets, signalShape);
            // With an earlier campaign, replay the as-of situation: the last campaign's signals cut at the
            // same days to sale and scaled up by the earlier campaign's curve, so the band includes the
            // extrapolation error. Coefficients are cross-fitted: each merchant is predicted by a fit
            // that did not see it.
            // The folds' fits only read the model, so they run side by side, each exactly as alone
            // (the fold table they read is filled lazily, so it is filled first).
            var folds = new (double[] Beta, double[] Cold)[CalibrationFolds];
            for (var u = 0; u < _unitMerchant.Count; u++) Fold(u);
            // The replay's partial signals are read beside the folds. Reading writes a table of its own
            // and otherwise only looks up units and codes: AddPast read every one of these rows (no
            // date cut), so each is already in the model, which the check after confirms.
            var partial = last.Signals;
            var (units, categories) = (_unitMerchant.Count, _categories.Count);
            Parallelism.Invoke(
                () => Parallel.For(0, folds.Length, f =>
                {
                    var beta = FitOnce(withHistory: prev is not null, skipFold: f).Beta;
                    folds[f] = (beta, prev is not null ? FitOnce(withHistory: false, skipFold: f).Beta : beta);
                }),
                () => { if (prev is not null) partial = ReadSignals(last.SignalRows!, last.FirstSale.AddDays(asOfOffset).DayNumber); });
            if (_unitMerchant.Count != units || _categories.Count != categories)
                throw new InvalidOperationException("the calibration's replay met a unit or category the model did not hold, while the folds were reading it");
            var (pStart, pOrder) = prev is null ? (start, order) : partial.ByUnit(_unitMerchant.Count);
            var share = prev is null ? null : CollectedShare(prev.Curve, asOfOffset);

            // The replay, unit by unit in parallel: each unit's rows go to its own place in arrays
            // sized first, so the replay and the history band hold what a serial pass added, in its order.
            var replayUnits = new List<(int Unit, bool WithSignals, int At)>();
            int replayCount = 0, historyCount = 0;
            foreach (var u in RowsOf(last, start))
            {
                var withSignals = start[u] < start[u + 1] && !AllUnknown(last.Signals, order, start[u], start[u + 1]);
                if (!withSignals && prev is null) continue; // history-only is not testable on one campaign
                replayUnits.Add((u, withSignals, withSignals ? replayCount : historyCount));
                if (withSignals) replayCount += offsets.Length; else historyCount += offsets.Length;
            }
            var replay = new (double Signal, double History, double Actual)[replayCount];
            var history = new (double Forecast, double Actual)[historyCount];
            foreach (var p in _past) Sum(p.Pooled); // Shape reads these sums: cached before the threads start
            Parallelism.ForRanges(replayUnits.Count, 4096, () => (new double[offsets.Length], new double[offsets.Length]),
                (from, to, buffers) =>
                {
                    var (shape, historyShape) = buffers;
                    for (var r = from; r < to; r++)
                    {
                        var (u, withSignals, at) = replayUnits[r];
                        if (withSignals)
                        {
                            var cold = prev is null || prev.Volume(u) <= 0;
                            var beta = cold ? folds[Fold(u)].Cold : folds[Fold(u)].Beta;
                            var ordinary = cold ? 0 : beta[0] * prev!.Ordinary[u];
                            var signal = SignalVolume(partial, pOrder, pStart[u], pStart[u + 1], share, beta);
                            SignalDays(ordinary, signal, signalShape, offsets, last.FirstSale, shape);
                            if (!cold) Shape(u, offsets, last.FirstSale, historyShape, exclude: last);
                            var historyVolume = cold ? double.NaN : _alphaHistory * prev!.Volume(u);
                            for (var i = 0; i < offsets.Length; i++)
                                replay[at + i] = ((ordinary + signal) * shape[i], historyVolume * historyShape[i], last.Day(u, offsets[i]));
                        }
                        else
                        {
                            var volume = _alphaHistory * prev!.Volume(u);
                            Shape(u, offsets, last.FirstSale, shape, exclude: last);
                            for (var i = 0; i < offsets.Length; i++) history[at + i] = (volume * shape[i], last.Day(u, offsets[i]));
                        }
                    }
                });
            var peak = new int[offsets.Length];
            for (var i = 0; i < peak.Length; i++) peak[i] = UpperBands.DaysToPeak(last.Campaign.HorizonStart.AddDays(i), last.Campaign.SaleDays);
            for (var j = 0; j < history.Length; j++) _historyBands.Add(history[j].Forecast, history[j].Actual, peak[j % peak.Length]);
            // Blend weight of the signal path against the history path for merchants that have both,
            // chosen on the replay by absolute error at unit-day level (the merchant-warehouse goal).
            _blend = 1;
            if (prev is not null)
            {
                var best = double.MaxValue;
                for (var step = 0; step <= 10; step++)
                {
                    var w = step / 10.0;
                    double error = 0;
                    foreach (var (sig, hist, actual) in replay)
                        if (!double.IsNaN(hist)) error += Math.Abs(w * sig + (1 - w) * hist - actual);
                    if (error < best - 1e-9) { best = error; _blend = w; }
                }
            }
            for (var j = 0; j < replay.Length; j++)
            {
                var (sig, hist, actual) = replay[j];
                _signalBands.Add(double.IsNaN(hist) ? sig : _blend * sig + (1 - _blend) * hist, actual, peak[j % peak.Length]);
            }
            _signalBands.Calibrate(o.UpperQuantile, o.DefaultUpperRatio);
            _historyBands.Calibrate(o.UpperQuantile, o.DefaultUpperRatio);
        }

        private double _blend = 1; // weight of the signal path where a unit also has a history path

        private Dictionary<int, double[]>? _recent; // unit → parcels per day of the LevelDays days up to the as-of date

        /// <summary>The current campaign's outcomes in the <see cref="SignalModelOptions.LevelDays"/> days up to the as-of date.</summary>
        public void ReadRecent(OutcomeColumns rows, int asOfDay)
        {
            _recent = [];
            CodeMap merchants = Map(_merchants, rows.Merchants), warehouses = Map(_warehouses, rows.Warehouses), regions = Map(_regions, rows.Regions);
            for (var row = 0; row < rows.Rows; row++)
            {
                var i = rows.Day(row) - (asOfDay - o.LevelDays + 1);
                if (i < 0 || i >= o.LevelDays || rows.Parcels(row) <= 0) continue;
                var u = Unit(merchants, rows.Merchant(row), warehouses, rows.Warehouse(row), regions, rows.Region(row));
                if (!_recent.TryGetValue(u, out var d)) _recent[u] = d = new double[o.LevelDays];
                d[i] += rows.Parcels(row);
            }
        }

        private double Level(double[] days)
        {
            if (o.Level == LevelStatistic.Mean) return days.Average();
            var sorted = (double[])days.Clone();
            Array.Sort(sorted);
            var n = sorted.Length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }

        private double RecentLevel(int unit) => _recent is not null && _recent.TryGetValue(unit, out var d) ? Level(d) : 0;

        /// <summary>A unit's level in a past campaign over the same days to its first sale day as now.</summary>
        private double PastLevel(PastData p, int unit, int asOfOffset)
        {
            var days = new double[o.LevelDays];
            var end = p.FirstSale.DayNumber + asOfOffset;
            for (var i = 0; i < days.Length; i++) days[i] = p.OnDay(unit, end - o.LevelDays + 1 + i);
            return Level(days);
        }

        /// <summary>
        /// The lift of every unit with a level now and in the last campaign, per day: its parcels that
        /// day last year ÷ its level then (half a parcel added to both, so a lane with an empty day
        /// has a small lift, not none); the median over units per day is the pooled lift.
        /// </summary>
        private (Dictionary<int, double> Past, double[] Pooled) Lifts(IEnumerable<int> units, PastData last, int asOfOffset, int[] offsets)
        {
            var past = new Dictionary<int, double>();
            var perDay = new List<double>[offsets.Length];
            for (var i = 0; i < perDay.Length; i++) perDay[i] = [];
            foreach (var u in units)
            {
                if (RecentLevel(u) <= 0) continue;
                var level = PastLevel(last, u, asOfOffset);
                if (level <= 0) continue;
                past[u] = level;
                for (var i = 0; i < offsets.Length; i++) perDay[i].Add((last.Day(u, offsets[i]) + 0.5) / (level + 0.5));
            }
            var pooled = new double[offsets.Length];
            for (var i = 0; i < pooled.Length; i++) pooled[i] = perDay[i].Count == 0 ? 1 : Stats.Median(perDay[i]);
            return (past, pooled);
        }

        /// <summary>
        /// The level path: P50 per day = recent level × lift^shrink, the lift blended in log space
        /// between the unit's own and the pooled one (pooled alone for a unit new since last campaign).
        /// Fills <paramref name="shape"/> with the day shares and returns the volume.
        /// </summary>
        private double LevelDays(int unit, PastData last, (Dictionary<int, double> Past, double[] Pooled) lifts, int[] offsets, double[] shape)
        {
            var now = RecentLevel(unit);
            double total = 0;
            for (var i = 0; i < offsets.Length; i++)
            {
                var log = Math.Log(lifts.Pooled[i]);
                if (lifts.Past.TryGetValue(unit, out var then))
                    log = o.OwnLiftWeight * Math.Log((last.Day(unit, offsets[i]) + 0.5) / (then + 0.5)) + (1 - o.OwnLiftWeight) * log;
                shape[i] = now * Math.Exp(o.LiftShrink * log);
                total += shape[i];
            }
            for (var i = 0; i < offsets.Length; i++) shape[i] = total > 0 ? shape[i] / total : 0;
            return total;
        }

        /// <summary>Share of a unit's volume per day: weekday factor × (ordinary evenly + signal part by the sale shape).</summary>
        private void SignalDays(double ordinary, double signal, double[] signalShape, int[] offsets, DateOnly firstSale, double[] shape)
        {
            double total = 0;
            for (var i = 0; i < offsets.Length; i++)
            {
                shape[i] = Dow(firstSale.AddDays(offsets[i])) * (ordinary / offsets.Length + signal * signalShape[i]);
                total += shape[i];
            }
            for (var i = 0; i < offsets.Length; i++) shape[i] = total > 0 ? shape[i] / total : 1.0 / offsets.Length;
        }

        /// <summary>The unit's share of its campaign volume per day (offsets to the first sale day), summing to 1.</summary>
        /// <param name="exclude">A past campaign to leave out (the one being replayed), so its own days do not leak in.</param>
        private void Shape(int unit, int[] offsets, DateOnly firstSale, double[] shape, PastData? exclude = null)
        {
            double own = 0, pooledSum = 0;
            var pooled = new double[offsets.Length];
            for (var i = 0; i < offsets.Length; i++)
            {
                double u = 0, pl = 0;
                var n = 0;
                foreach (var p in _past)
                {
                    if (p == exclude) continue;
                    // Weekday-free: divided by the factor of the weekday it fell on that year.
                    var dow = Dow(p.FirstSale.AddDays(offsets[i]));
                    u += p.Day(unit, offsets[i]) / dow;
                    var day = p.PooledDay(offsets[i], out var covered);
                    if (covered) { pl += day / dow / Math.Max(1e-9, Sum(p.Pooled)); n++; }
                }
                shape[i] = u; own += u;
                pooled[i] = n == 0 ? double.NaN : pl / n;
            }
            // Days no past campaign covered get the mean pooled share.
            double mean = 0; var m = 0;
            foreach (var v in pooled) if (!double.IsNaN(v)) { mean += v; m++; }
            mean = m == 0 ? 1.0 / offsets.Length : mean / m;
            for (var i = 0; i < pooled.Length; i++) { if (double.IsNaN(pooled[i])) pooled[i] = mean; pooledSum += pooled[i]; }
            var w = own / (own + o.ShapePriorParcels);
            double total = 0;
            for (var i = 0; i < offsets.Length; i++)
            {
                shape[i] = ((own > 0 ? w * shape[i] / own : 0) + (1 - w) * (pooledSum > 0 ? pooled[i] / pooledSum : 1.0 / offsets.Length))
                    * Dow(firstSale.AddDays(offsets[i]));
                total += shape[i];
            }
            for (var i = 0; i < offsets.Length; i++) shape[i] = total > 0 ? shape[i] / total : 1.0 / offsets.Length;
        }

        private readonly Dictionary<double[], double> _sums = new(ReferenceEqualityComparer.Instance);
        private double Sum(double[] a)
        {
            if (_sums.TryGetValue(a, out var s)) return s;
            s = 0; foreach (var v in a) s += v;
            _sums[a] = s;
            return s;
        }

        /// <summary>Share of each (category, signal) final total already collected at the as-of date, from the previous campaign's curve.</summary>
        private double[] CollectedShare(List<double[]?> curve, int asOfOffset)
        {
            var share = new double[SignalKinds.Count * _categories.Count];
            Array.Fill(share, 1.0);
            var total = new double[share.Length];
            var upTo = new double[share.Length];
            var allTotal = new double[SignalKinds.Count];
            var allUpTo = new double[SignalKinds.Count];
            for (var key = 0; key < curve.Count; key++)
            {
                if (curve[key] is not { } perDay) continue;
                for (var day = 0; day < perDay.Length; day++)
                {
                    var v = perDay[day];
                    total[key] += v; allTotal[key % SignalKinds.Count] += v;
                    if (day - CurveSpan <= asOfOffset) { upTo[key] += v; allUpTo[key % SignalKinds.Count] += v; }
                }
            }
            for (var j = 0; j < share.Length; j++)
            {
                var k = j % SignalKinds.Count;
                var s = total[j] >= o.MinCategoryCurveEvents ? upTo[j] / total[j]
                    : allTotal[k] > 0 ? allUpTo[k] / allTotal[k] : 1.0;
                share[j] = Math.Clamp(s, o.MinCollectedShare, 1.0);
            }
            return share;
        }

        /// <summary>Only the last past campaign's signal rows are read again (by <see cref="Calibrate"/>).</summary>
        public void ReleaseEarlierSignalRows()
        {
            for (var i = 0; i < _past.Count - 1; i++) _past[i].SignalRows = null;
        }

        public SignalForecast Predict(Campaign campaign, DateOnly asOf, NetworkModel? network, SignalTable current, DateOnly firstSale)
        {
            var days = campaign.HorizonEnd.DayNumber - campaign.HorizonStart.DayNumber + 1;
            var offsets = new int[days];
            var dayStartHour = new int[days];
            var daysToPeak = new int[days];
            var horizonStart = campaign.HorizonStartUtc;
            for (var i = 0; i < days; i++)
            {
                var date = campaign.HorizonStart.AddDays(i);
                offsets[i] = date.DayNumber - firstSale.DayNumber;
                daysToPeak[i] = UpperBands.DaysToPeak(date, campaign.SaleDays);
                dayStartHour[i] = (int)Math.Round((campaign.LocalMidnightUtc(date) - horizonStart).TotalHours);
            }
            var last = _past.Count > 0 ? _past[^1] : null;
            var share = last is null ? null : CollectedShare(last.Curve, asOf.DayNumber - firstSale.DayNumber);
            var (start, order) = current.ByUnit(_unitMerchant.Count);
            var lanes = LaneCarriers(network);

            // Units to forecast: signals now or volume in the last campaign; sorted by codes for a stable output.
            var units = new List<int>();
            for (var u = 0; u < _unitMerchant.Count; u++)
                if (start[u] < start[u + 1] || (last?.Daily.ContainsKey(u) ?? false) || RecentLevel(u) > 0) units.Add(u);
            // With recent volumes given, history-only units follow their level (see LevelDays).
            var levelPath = _recent is not null && last is not null;
            var lifts = levelPath ? Lifts(units, last!, asOf.DayNumber - firstSale.DayNumber, offsets) : default;
            units.Sort((a, b) =>
            {
                var c = string.CompareOrdinal(_merchants[_unitMerchant[a]], _merchants[_unitMerchant[b]]);
                if (c == 0) c = string.CompareOrdinal(_warehouses[_unitWarehouse[a]], _warehouses[_unitWarehouse[b]]);
                return c != 0 ? c : string.CompareOrdinal(_regions[_unitRegion[a]], _regions[_unitRegion[b]]);
            });

            var splits = new List<UnitSplit>();
            var daily = new UnitDays(campaign.HorizonStart);
            var shape = new double[days];
            var historyShape = new double[days];
            var signalShape = new double[days];
            SignalShape(offsets, signalShape);
            var profiles = new Dictionary<long, double[]>();
            foreach (var u in units)
            {
                var withSignals = start[u] < start[u + 1] && !AllUnknown(current, order, start[u], start[u + 1]);
                var cold = last is null || last.Volume(u) <= 0;
                var signal = withSignals ? SignalVolume(current, order, start[u], start[u + 1], share, cold ? _cold : _beta) : 0;
                // With signals: ordinary volume (even over the days) + signal-driven volume (pooled sale shape).
                // Without: last campaign's volume with its own day shape (level × previous lift).
                var ordinary = withSignals && _past.Count >= 2 ? _beta[0] * last!.Ordinary[u] : 0;
                var volume = withSignals ? ordinary + signal
                    : levelPath ? LevelDays(u, last!, lifts, offsets, shape)
                    : _alphaHistory * (last?.Volume(u) ?? 0);
                if (volume <= 0) continue;
                if (withSignals) SignalDays(ordinary, signal, signalShape, offsets, firstSale, shape);
                else if (!levelPath) Shape(u, offsets, firstSale, shape);
                // A merchant with both signals and history: the blend chosen on the replay.
                var blend = withSignals && !cold && _past.Count >= 2 ? _blend : 1.0;
                var historyVolume = blend < 1 ? _alphaHistory * last!.Volume(u) : 0;
                if (blend < 1) Shape(u, offsets, firstSale, historyShape);
                var bands = withSignals ? _signalBands : o.HistoryBands ?? _historyBands;
                string merchant = _merchants[_unitMerchant[u]], warehouse = _warehouses[_unitWarehouse[u]], region = _regions[_unitRegion[u]];
                var carriers = CarrierShares(_unitMerchant[u], _unitWarehouse[u], lanes);
                var mw = MwKey(_unitMerchant[u], _unitWarehouse[u]);
                if (!profiles.TryGetValue(mw, out var profile))
                {
                    profiles[mw] = profile = new double[24];
                    HourProfile(_unitMerchant[u], _unitWarehouse[u], profile);
                }
                var first = daily.Count;
                daily.StartUnit(merchant, warehouse, region);
                for (var i = 0; i < days; i++)
                {
                    var p50 = blend * volume * shape[i] + (blend < 1 ? (1 - blend) * historyVolume * historyShape[i] : 0);
                    if (p50 <= 0) continue;
                    var p90 = p50 * bands.Ratio(p50, daysToPeak[i]);
                    daily.Add(i, p50, p90, blend * signal * (withSignals ? signalShape[i] : 0));
                }
                splits.Add(new UnitSplit(first, daily.Count, merchant, warehouse, region, carriers, profile));
            }
            var carrierNames = new string[_carriers.Count];
            for (var c = 0; c < carrierNames.Length; c++) carrierNames[c] = _carriers[c];
            var pairs = Pairs(daily, splits, carrierNames, dayStartHour, campaign.HorizonHours);
            return new SignalForecast(pairs, daily, Coefficients());
        }

        /// <summary>A unit's days (Days[From..To)) and how each day splits over carriers and local hours.</summary>
        private sealed record UnitSplit(int From, int To, string Merchant, string Warehouse, string Region, List<(int Carrier, double Share)> Carriers, double[] Profile);

        /// <summary>
        /// The hourly rows, produced as they are read, one merchant-warehouse at a time into one
        /// reused <see cref="HandoverPair"/>: at national scale they number hundreds of millions,
        /// which the planner aggregates as it goes rather than holding them all. Units come sorted by
        /// merchant, warehouse and region, so a pair's units are consecutive; within a pair, rows
        /// follow unit, day, carrier, hour.
        /// </summary>
        private static IEnumerable<HandoverPair> Pairs(
            UnitDays daily, List<UnitSplit> splits, string[] carrierNames, int[] dayStartHour, int horizonHours)
        {
            var pair = new HandoverPair();
            var carrierIndex = new int[carrierNames.Length];
            for (var s = 0; s < splits.Count;)
            {
                var (merchant, warehouse) = (splits[s].Merchant, splits[s].Warehouse);
                pair.Start(merchant, warehouse);
                for (; s < splits.Count && string.Equals(splits[s].Merchant, merchant, StringComparison.Ordinal) && string.Equals(splits[s].Warehouse, warehouse, StringComparison.Ordinal); s++)
                {
                    var split = splits[s];
                    // A pair's units share their carrier split (it is the merchant-warehouse's); index them once.
                    foreach (var (carrier, _) in split.Carriers)
                    {
                        var at = pair.Carriers.IndexOf(carrierNames[carrier]);
                        if (at < 0) { at = pair.Carriers.Count; pair.Carriers.Add(carrierNames[carrier]); }
                        carrierIndex[carrier] = at;
                    }
                    var region = -1;
                    for (var j = split.From; j < split.To; j++)
                    {
                        var dayStart = dayStartHour[daily.Day(j)];
                        double p50 = daily.P50(j), p90 = daily.P90(j);
                        foreach (var (carrier, share) in split.Carriers)
                            for (var h = 0; h < 24; h++)
                            {
                                if (split.Profile[h] <= 0) continue;
                                var hour = dayStart + h;
                                if (hour < 0 || hour >= horizonHours) continue;
                                if (region < 0) { region = pair.Regions.Count; pair.Regions.Add(split.Region); }
                                var f = share * split.Profile[h];
                                pair.Add(hour, carrierIndex[carrier], region, p50 * f, p90 * f);
                            }
                    }
                }
                if (pair.Count > 0) yield return pair;
            }
        }

        private Dictionary<int, List<int>> LaneCarriers(NetworkModel? network)
        {
            var map = new Dictionary<int, List<int>>();
            if (network is null) return map;
            foreach (var lane in network.Lanes.OrderBy(l => l.Carrier, StringComparer.Ordinal))
            {
                var w = _warehouses.Find(lane.Warehouse);
                if (w < 0) continue;
                if (!map.TryGetValue(w, out var list)) map[w] = list = [];
                var c = _carriers.Id(lane.Carrier);
                if (!list.Contains(c)) list.Add(c);
            }
            return map;
        }

        private readonly Dictionary<long, List<(int, double)>> _shareCache = [];

        private List<(int, double)> CarrierShares(int merchant, int warehouse, Dictionary<int, List<int>> lanes)
        {
            var key = MwKey(merchant, warehouse);
            if (_shareCache.TryGetValue(key, out var cached)) return cached;
            var result = new List<(int, double)>();
            _shareCache[key] = result;
            FillCarrierShares(merchant, warehouse, lanes, result);
            return result;
        }

        private void FillCarrierShares(int merchant, int warehouse, Dictionary<int, List<int>> lanes, List<(int, double)> result)
        {
            if (!_mwCarrier.TryGetValue(MwKey(merchant, warehouse), out var counts)) _wCarrier.TryGetValue(warehouse, out counts);
            if (counts is not null)
            {
                double total = 0;
                foreach (var v in counts.Values) total += v;
                foreach (var (c, v) in counts.OrderBy(kv => _carriers[kv.Key], StringComparer.Ordinal)) result.Add((c, v / total));
                return;
            }
            if (lanes.TryGetValue(warehouse, out var list))
            {
                foreach (var c in list) result.Add((c, 1.0 / list.Count));
                return;
            }
            result.Add((_carriers.Id(""), 1.0)); // no carrier known for this warehouse
        }

        private void HourProfile(int merchant, int warehouse, double[] profile)
        {
            // Network profile, else flat over the day.
            double total = 0;
            foreach (var v in _hour) total += v;
            for (var h = 0; h < 24; h++) profile[h] = total > 0 ? _hour[h] / total : 1.0 / 24;
            Blend(_wHour.GetValueOrDefault(warehouse), profile);
            Blend(_mwHour.GetValueOrDefault(MwKey(merchant, warehouse)), profile);
        }

        private void Blend(double[]? counts, double[] profile)
        {
            if (counts is null) return;
            double n = 0;
            foreach (var v in counts) n += v;
            if (n <= 0) return;
            var w = n / (n + o.HourPriorParcels);
            for (var h = 0; h < 24; h++) profile[h] = w * counts[h] / n + (1 - w) * profile[h];
        }

        private List<SignalCoefficient> Coefficients()
        {
            var list = new List<SignalCoefficient> { new("*", "history", _past.Count >= 2 ? _beta[0] : 0) };
            for (var k = 0; k < SignalKinds.Count; k++) list.Add(new("*", SignalKinds.Names[k], _betaAll[1 + k]));
            var cats = Enumerable.Range(0, _categories.Count).OrderBy(c => _categories[c], StringComparer.Ordinal);
            foreach (var c in cats)
                for (var k = 0; k < SignalKinds.Count; k++)
                    list.Add(new(_categories[c], SignalKinds.Names[k], _beta[1 + SignalKinds.Count * c + k]));
            return list;
        }
    }
}
