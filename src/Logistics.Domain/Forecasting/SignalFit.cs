namespace Logistics.Domain.Forecasting;

/// <summary>
/// The coefficients: a unit's campaign volume = α·(its ordinary volume in the previous campaign) +
/// Σ β[category, signal]·final signal, α, β ≥ 0 by non-negative least squares on the past campaigns,
/// each category's β shrunk toward the all-category fit; the cold-start β (no history term) and the
/// history-only α′ beside them.
/// </summary>
internal sealed class SignalFit(IReadOnlyList<PastCampaignData> past, ForecastUnits units, MerchantFolds folds, SignalModelOptions o)
{
    /// <summary>Rounds of the fit: each re-estimates the ordinary volume of the previous campaign with the latest β.</summary>
    private const int FitRounds = 4;

    /// <summary>[0] = α (previous volume), [1 + 4c + k] = β[c, k].</summary>
    public double[] Beta { get; private set; } = [];
    /// <summary>[0] = α, [1 + k] = all-category β[k].</summary>
    public double[] BetaAll { get; private set; } = [];
    /// <summary>As <see cref="Beta"/>, fitted without the history term (α = 0).</summary>
    public double[] Cold { get; private set; } = [];
    /// <summary>α′ of the history-only path.</summary>
    public double AlphaHistory { get; private set; } = 1;

    private int Columns => 1 + SignalKinds.Count * units.Categories.Count;

    /// <summary>Fits α, β (all-category, then per category shrunk toward it) and the history-only α′.</summary>
    public void Fit()
    {
        foreach (var p in past) { (p.Start, p.Order) = p.Signals.ByUnit(units.Count); p.CacheVolumes(units.Count); }
        Beta = new double[Columns];
        for (var round = 0; round < FitRounds; round++)
        {
            foreach (var p in past) p.Ordinary = OrdinaryVolumes(p);
            (BetaAll, Beta, var alpha) = FitOnce(withHistory: past.Count >= 2);
            if (past.Count >= 2) AlphaHistory = alpha;
        }
        // Merchants new to the network have no previous volume: their coefficients are fitted without
        // the history term, so they also carry the typical ordinary volume per signal (category priors).
        Cold = past.Count >= 2 ? FitOnce(withHistory: false).Beta : Beta;
        foreach (var p in past) p.Ordinary = OrdinaryVolumes(p);
    }

    /// <summary>
    /// A unit's ordinary volume in a campaign: what it shipped minus what its signals explain. Next
    /// year's history term is built on this, so last year's sale-driven parcels are not counted twice.
    /// </summary>
    private double[] OrdinaryVolumes(PastCampaignData p)
    {
        var result = new double[units.Count];
        for (var u = 0; u < result.Length; u++)
        {
            var v = p.Volume(u);
            if (v <= 0) continue;
            var s = p.Start[u] < p.Start[u + 1] ? SignalVolume(p.Signals, p.Order, p.Start[u], p.Start[u + 1], null, Beta) : 0;
            result[u] = Math.Max(0, v - s);
        }
        return result;
    }

    /// <param name="skipFold">Leave out the merchants of this fold (cross-fitting for calibration); -1 keeps all.</param>
    public (double[] All, double[] Beta, double AlphaHistory) FitOnce(bool withHistory, int skipFold = -1)
    {
        var cols = Columns;
        var gram = new double[cols, cols];
        var rhs = new double[cols];
        var gramAll = new double[1 + SignalKinds.Count, 1 + SignalKinds.Count];
        var rhsAll = new double[1 + SignalKinds.Count];
        var rowsPerCategory = new int[units.Categories.Count];

        // With the history term the first campaign only supplies the previous volume of the second.
        var useHistory = withHistory;
        var idx = new List<int>();
        var val = new List<double>();
        var all = new double[1 + SignalKinds.Count];
        // Growth of the whole volume (α′, history-only) as a ratio of totals: a least-squares slope on
        // last year's noisy volume would be attenuated toward 0.
        double volumeNow = 0, volumeBefore = 0;
        for (var p = 1; useHistory && p < past.Count; p++)
        {
            for (var u = 0; u < units.Count; u++)
            {
                if (skipFold >= 0 && folds.Of(u) == skipFold) continue;
                var before = past[p - 1].Volume(u);
                if (before > 0) { volumeBefore += before; volumeNow += past[p].Volume(u); }
            }
        }
        for (var p = useHistory ? 1 : 0; p < past.Count; p++)
        {
            var data = past[p];
            var (start, order) = (data.Start, data.Order);
            foreach (var u in data.Rows(units))
            {
                if (skipFold >= 0 && folds.Of(u) == skipFold) continue;
                var y = data.Volume(u);
                var x0 = useHistory ? past[p - 1].Ordinary[u] : 0;
                if (start[u] == start[u + 1] || data.Signals.AllUnknown(order, start[u], start[u + 1])) continue;
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
        for (var c = 0; c < units.Categories.Count; c++)
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

    /// <summary>The signal-driven volume of a unit's slots Order[from..to) under <paramref name="beta"/>, partial signals scaled up by <paramref name="share"/> (none: final).</summary>
    /// <param name="only">When given, only the categories marked in it (by id) count.</param>
    public static double SignalVolume(SignalTable t, int[] order, int from, int to, double[]? share, double[] beta, bool[]? only = null)
    {
        double sum = 0;
        for (var s = from; s < to; s++)
        {
            var slot = order[s];
            var c = t.Category[slot];
            if (only is not null && (c >= only.Length || !only[c])) continue;
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

    /// <summary>The fitted coefficients, for reports and tests.</summary>
    public List<SignalCoefficient> Coefficients()
    {
        var list = new List<SignalCoefficient> { new("*", "history", past.Count >= 2 ? Beta[0] : 0) };
        for (var k = 0; k < SignalKinds.Count; k++) list.Add(new("*", SignalKinds.Names[k], BetaAll[1 + k]));
        var cats = Enumerable.Range(0, units.Categories.Count).OrderBy(c => units.Categories[c], StringComparer.Ordinal);
        foreach (var c in cats)
            for (var k = 0; k < SignalKinds.Count; k++)
                list.Add(new(units.Categories[c], SignalKinds.Names[k], Beta[1 + SignalKinds.Count * c + k]));
        return list;
    }
}
