namespace Logistics.Scenarios;

/// <summary>The equations of the generative model (see ScenarioGenerator.cs); pure functions of the keys.</summary>
internal static class DemandModel
{
    public static double Mood(ScenarioWorld world, int campaign) =>
        ScenarioRng.For(world.Seed, Stream.CampaignMood, (ulong)campaign).LogNormal(0, 0.15);

    /// <summary>This campaign's hot and cold categories (mean 1); history cannot see it, signals do.</summary>
    public static double CategoryHeat(ScenarioWorld world, int category, int campaign) =>
        ScenarioRng.For(world.Seed, Stream.CategoryHeat, (ulong)category, (ulong)campaign).LogNormal(-0.03125, 0.25);

    /// <summary>Growth G and promotion intensity P of a merchant in a campaign.</summary>
    public static (double Growth, double Promotion) Latent(ScenarioWorld world, int merchant, int campaign)
    {
        var rng = ScenarioRng.For(world.Seed, Stream.Campaign, (ulong)merchant, (ulong)campaign);
        var growth = Math.Pow(1.1, campaign) * rng.LogNormal(0, 0.1);
        var promotion = rng.LogNormal(-0.125, 0.5);
        return (growth, promotion);
    }

    /// <summary>Expected sale-driven orders of each line over the whole horizon (E in the model).</summary>
    public static double[] ExpectedExcess(ScenarioWorld world, MerchantProfile p, CampaignCalendar cal)
    {
        var (g, promo) = Latent(world, p.Index, cal.Index);
        var scale = p.BaseDaily * g * promo * Mood(world, cal.Index) * cal.ExcessSum;
        return p.Lines.Select(l => scale * l.Weight * CategoryHeat(world, l.Category, cal.Index)
            * (world.IsBulky(l.Category) ? ScenarioConstants.ApplianceSaleBoost : 1)).ToArray();
    }

    public static LineSignals Signals(ScenarioWorld world, MerchantProfile p, CampaignCalendar cal)
    {
        var excess = ExpectedExcess(world, p, cal);
        var rng = ScenarioRng.For(world.Seed, Stream.SignalTotals, (ulong)p.Index, (ulong)cal.Index);
        var n = p.Lines.Length;
        var s = new LineSignals(new long[n], new long[n], new long[n], new long[n], new long[n], new double[n]);
        for (var i = 0; i < n; i++)
        {
            var cat = p.Lines[i].Category;
            var e = excess[i];
            s.Carts[i] = rng.Poisson(e * p.CartShare / world.CartRate[cat]);
            s.Favorites[i] = rng.Poisson(e * p.FavoriteShare / world.FavoriteRate[cat]);
            s.Deposits[i] = rng.Poisson(e * p.DepositShare / ScenarioConstants.DepositToBuy);
            s.Presale[i] = rng.Poisson(e * p.PresaleShare / ScenarioConstants.PresaleToBuy);
            s.PageViews[i] = rng.Poisson(s.Carts[i] / ScenarioConstants.PageViewToCart * rng.LogNormal(-0.02, 0.2));
            s.ImpliedOrders[i] = world.CartRate[cat] * s.Carts[i] + world.FavoriteRate[cat] * s.Favorites[i]
                + ScenarioConstants.DepositToBuy * s.Deposits[i] + ScenarioConstants.PresaleToBuy * s.Presale[i];
        }
        return s;
    }

    /// <summary>Realised orders per line and order day (index 0 = three days before the horizon).</summary>
    public static long[][] Orders(ScenarioWorld world, MerchantProfile p, CampaignCalendar cal)
    {
        var signals = Signals(world, p, cal);
        var (g, _) = Latent(world, p.Index, cal.Index);
        var rng = ScenarioRng.For(world.Seed, Stream.Orders, (ulong)p.Index, (ulong)cal.Index);
        var days = cal.OrderDays.Length;
        // Noise shared by the whole merchant does not average out over its lines: how well its
        // signals convert this year (σ 0.15) and how each day goes (σ 0.08); then a little per line.
        var merchantConversion = rng.LogNormal(-0.011, 0.15);
        var merchantDay = new double[days];
        for (var k = 0; k < days; k++) merchantDay[k] = rng.LogNormal(-0.0032, 0.08);
        var orders = new long[p.Lines.Length][];
        for (var i = 0; i < p.Lines.Length; i++)
        {
            var line = p.Lines[i];
            var warehouse = p.Warehouses[line.WarehouseSlot].Warehouse;
            var warehouseDay = world.DayShocks(Stream.WarehouseDay, cal)[warehouse];
            var originDay = world.DayShocks(Stream.OriginRegionDay, cal)[world.WarehouseRegion[warehouse]];
            var regionDay = world.DayShocks(Stream.RegionDay, cal)[line.Region];
            var baseDaily = p.BaseDaily * g * line.Weight;
            var excess = signals.ImpliedOrders[i] * merchantConversion * rng.LogNormal(-0.0032, 0.08);
            var row = orders[i] = new long[days];
            for (var k = 0; k < days; k++)
            {
                var mean = baseDaily * cal.Weekday[k] + excess * cal.ExcessShare[k];
                row[k] = rng.Poisson(mean * merchantDay[k] * warehouseDay[k] * originDay[k] * regionDay[k] * rng.LogNormal(-0.00125, 0.05));
            }
        }
        return orders;
    }

    /// <summary>
    /// Assumed: how a whole warehouse's or destination region's day turns out apart from anything the
    /// signals show (a viral item, a local promotion, weather). Shared by every merchant there, so it
    /// does not average out at a hub: it keeps the hub-day spread of realised volume around the P50
    /// at 0.10 and above, where real sites show 0.2-0.3 without signals. A warehouse's day (σ 0.20)
    /// is part its region's, shared with the warehouses around it (σ 0.16), and part its own (σ 0.12,
    /// 0.16² + 0.12² = 0.20²): a national origin hub gathers a dozen warehouses of one region, whose
    /// own shocks average out there (docs/design/alerts.md, "The world's spread").
    /// </summary>
    public const double WarehouseDaySigma = 0.20, OriginRegionDaySigma = 0.16, RegionDaySigma = 0.15;

    /// <summary>The warehouse's own part of <see cref="WarehouseDaySigma"/>, apart from its region's.</summary>
    public static readonly double WarehouseOwnDaySigma = Math.Sqrt(WarehouseDaySigma * WarehouseDaySigma - OriginRegionDaySigma * OriginRegionDaySigma);

    /// <summary>
    /// Day factors per key (warehouse or region) of one campaign, log-normal with σ, divided by their
    /// mean over the keys each day: a shock moves demand between places, while the season's daily
    /// total keeps the real lift's shape. A pure function of the keys.
    /// </summary>
    public static double[][] DayShocks(ulong seed, ulong stream, int keys, CampaignCalendar cal, double sigma)
    {
        var shocks = new double[keys][];
        for (var key = 0; key < keys; key++)
        {
            var rng = ScenarioRng.For(seed, stream, (ulong)key, (ulong)cal.Index);
            shocks[key] = new double[cal.OrderDays.Length];
            for (var k = 0; k < shocks[key].Length; k++) shocks[key][k] = rng.LogNormal(0, sigma);
        }
        for (var k = 0; k < cal.OrderDays.Length && keys > 0; k++)
        {
            var mean = shocks.Average(s => s[k]);
            foreach (var s in shocks) s[k] /= mean;
        }
        return shocks;
    }

    /// <summary>Expected (noise-free) orders per warehouse slot and order day of one class's lines (bulky: appliances); sizes capacity.</summary>
    public static double[][] ExpectedOrdersBySlot(ScenarioWorld world, MerchantProfile p, CampaignCalendar cal, bool bulky = false)
    {
        var excess = ExpectedExcess(world, p, cal);
        var (g, _) = Latent(world, p.Index, cal.Index);
        var result = new double[p.Warehouses.Length][];
        for (var w = 0; w < result.Length; w++) result[w] = new double[cal.OrderDays.Length];
        for (var i = 0; i < p.Lines.Length; i++)
        {
            var line = p.Lines[i];
            if (world.IsBulky(line.Category) != bulky) continue;
            var row = result[line.WarehouseSlot];
            for (var k = 0; k < row.Length; k++)
                row[k] += p.BaseDaily * g * line.Weight * cal.Weekday[k] + excess[i] * cal.ExcessShare[k];
        }
        return result;
    }

    /// <summary>
    /// Orders per order day → parcels handed over per horizon day. On peak days (lift ≥ 3) 30% of
    /// each lag's share slips one more day: the warehouse's backlog.
    /// </summary>
    public const double PeakSlip = 0.3;

    public static double[] HandoverByDay(ReadOnlySpan<double> ordersByDay, double[] lag, CampaignCalendar cal)
    {
        var result = new double[cal.HorizonDays];
        for (var k = 0; k < ordersByDay.Length; k++)
        {
            var q = ordersByDay[k];
            if (q == 0) continue;
            var slip = cal.Lift[k] >= 3 ? PeakSlip : 0;
            for (var d = 0; d < lag.Length + 1; d++)
            {
                var share = (d < lag.Length ? lag[d] * (1 - slip) : 0) + (d > 0 ? lag[d - 1] * slip : 0);
                var day = k + d - CampaignCalendar.LeadDays;
                if (day >= 0 && day < result.Length) result[day] += q * share;
            }
        }
        return result;
    }
}
