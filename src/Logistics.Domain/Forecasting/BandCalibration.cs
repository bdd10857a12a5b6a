namespace Logistics.Domain.Forecasting;

/// <summary>
/// Size-bucketed P90 ratios from the last past campaign (in-sample; see the report), by replaying
/// the as-of cut on it, and the blend of the signal and history paths chosen on that replay.
/// </summary>
internal sealed class BandCalibration(
    IReadOnlyList<PastCampaignData> past, ForecastUnits units, MerchantFolds folds, SignalFit fit, DayShape dayShape, SignalModelOptions o)
{
    public CalibratedBands Calibrate(int asOfOffset)
    {
        var signalBands = new UpperBands();
        var historyBands = new UpperBands();
        if (past.Count == 0) return new CalibratedBands(signalBands, historyBands, 1);
        var last = past[^1];
        var prev = past.Count >= 2 ? past[^2] : null;
        var (start, order) = (last.Start, last.Order);
        var offsets = new int[last.Days];
        for (var i = 0; i < offsets.Length; i++) offsets[i] = last.Offset(i);
        var signalShape = new double[offsets.Length];
        dayShape.SignalShape(offsets, signalShape);
        // With an earlier campaign, replay the as-of situation: the last campaign's signals cut at the
        // same days to sale and scaled up by the earlier campaign's curve, so the band includes the
        // extrapolation error. Coefficients are cross-fitted: each merchant is predicted by a fit
        // that did not see it.
        // The folds' fits only read the model, so they run side by side, each exactly as alone
        // (the fold table they read is filled lazily, so it is filled first).
        var foldFits = new (double[] Beta, double[] Cold)[MerchantFolds.Count];
        folds.FillAll();
        // The replay's partial signals are read beside the folds. Reading writes a table of its own
        // and otherwise only looks up units and codes: the past campaign's reading met every one of
        // these rows (no date cut), so each is already in the model, which the check after confirms.
        var partial = last.Signals;
        var (unitCount, categories) = (units.Count, units.Categories.Count);
        Parallelism.Invoke(
            () => Parallel.For(0, foldFits.Length, f =>
            {
                var beta = fit.FitOnce(withHistory: prev is not null, skipFold: f).Beta;
                foldFits[f] = (beta, prev is not null ? fit.FitOnce(withHistory: false, skipFold: f).Beta : beta);
            }),
            () => { if (prev is not null) partial = SignalReader.Read(units, last.SignalRows!, last.FirstSale.AddDays(asOfOffset).DayNumber); });
        if (units.Count != unitCount || units.Categories.Count != categories)
            throw new InvalidOperationException("the calibration's replay met a unit or category the model did not hold, while the folds were reading it");
        var (pStart, pOrder) = prev is null ? (start, order) : partial.ByUnit(units.Count);
        var share = prev is null ? null : SignalCurve.CollectedShare(prev.Curve, asOfOffset, units.Categories.Count, o);

        // The replay, unit by unit in parallel: each unit's rows go to its own place in arrays
        // sized first, so the replay and the history band hold what a serial pass added, in its order.
        var replayUnits = new List<(int Unit, bool WithSignals, int At)>();
        int replayCount = 0, historyCount = 0;
        foreach (var u in last.Rows(units))
        {
            var withSignals = start[u] < start[u + 1] && !last.Signals.AllUnknown(order, start[u], start[u + 1]);
            if (!withSignals && prev is null) continue; // history-only is not testable on one campaign
            replayUnits.Add((u, withSignals, withSignals ? replayCount : historyCount));
            if (withSignals) replayCount += offsets.Length; else historyCount += offsets.Length;
        }
        var replay = new (double Signal, double History, double Actual)[replayCount];
        var history = new (double Forecast, double Actual)[historyCount];
        dayShape.CachePooledSums(); // Shape reads these sums: cached before the threads start
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
                        var beta = cold ? foldFits[folds.Of(u)].Cold : foldFits[folds.Of(u)].Beta;
                        var ordinary = cold ? 0 : beta[0] * prev!.Ordinary[u];
                        var signal = SignalFit.SignalVolume(partial, pOrder, pStart[u], pStart[u + 1], share, beta);
                        dayShape.SignalDays(ordinary, signal, signalShape, offsets, last.FirstSale, shape);
                        if (!cold) dayShape.Shape(u, offsets, last.FirstSale, historyShape, exclude: last);
                        var historyVolume = cold ? double.NaN : fit.AlphaHistory * prev!.Volume(u);
                        for (var i = 0; i < offsets.Length; i++)
                            replay[at + i] = ((ordinary + signal) * shape[i], historyVolume * historyShape[i], last.Day(u, offsets[i]));
                    }
                    else
                    {
                        var volume = fit.AlphaHistory * prev!.Volume(u);
                        dayShape.Shape(u, offsets, last.FirstSale, shape, exclude: last);
                        for (var i = 0; i < offsets.Length; i++) history[at + i] = (volume * shape[i], last.Day(u, offsets[i]));
                    }
                }
            });
        var peak = new int[offsets.Length];
        for (var i = 0; i < peak.Length; i++) peak[i] = UpperBands.DaysToPeak(last.Campaign.HorizonStart.AddDays(i), last.Campaign.SaleDays);
        for (var j = 0; j < history.Length; j++) historyBands.Add(history[j].Forecast, history[j].Actual, peak[j % peak.Length]);
        // Blend weight of the signal path against the history path for merchants that have both,
        // chosen on the replay by absolute error at unit-day level (the merchant-warehouse goal).
        var blend = 1.0;
        if (prev is not null)
        {
            var best = double.MaxValue;
            for (var step = 0; step <= 10; step++)
            {
                var w = step / 10.0;
                double error = 0;
                foreach (var (sig, hist, actual) in replay)
                    if (!double.IsNaN(hist)) error += Math.Abs(w * sig + (1 - w) * hist - actual);
                if (error < best - 1e-9) { best = error; blend = w; }
            }
        }
        for (var j = 0; j < replay.Length; j++)
        {
            var (sig, hist, actual) = replay[j];
            signalBands.Add(double.IsNaN(hist) ? sig : blend * sig + (1 - blend) * hist, actual, peak[j % peak.Length]);
        }
        signalBands.Calibrate(o.UpperQuantile, o.DefaultUpperRatio);
        historyBands.Calibrate(o.UpperQuantile, o.DefaultUpperRatio);
        return new CalibratedBands(signalBands, historyBands, blend);
    }
}
