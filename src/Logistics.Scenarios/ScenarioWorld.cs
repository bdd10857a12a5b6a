using Logistics.Domain.Network;

namespace Logistics.Scenarios;

/// <summary>The materialised network plus the lookup tables the streams need.</summary>
internal sealed class ScenarioWorld
{
    public required ScenarioSize Size { get; init; }
    public required ulong Seed { get; init; }
    public NetworkModel Network { get; private set; } = NetworkModel.Empty;
    public required string[] Categories { get; init; }
    public required int[] WarehouseRegion { get; init; }
    public required double[] WarehouseCumulative { get; init; }
    public required double[] RegionCumulative { get; init; }
    public required double[] CategoryCumulative { get; init; }
    /// <summary>Per warehouse: carriers serving it and the lane index (into Network.Lanes) of each.</summary>
    public required int[][] WarehouseCarriers { get; init; }
    public required int[][] WarehouseLanes { get; init; }
    public required int[] LaneHub { get; init; }
    /// <summary>Per carrier and region: the carrier's hub for parcels bound to that region.</summary>
    public required int[][] DestinationHub { get; init; }
    public required double[] CartRate { get; init; }
    public required double[] FavoriteRate { get; init; }
    /// <summary>Per category: cumulative share of signals by pre-sale day.</summary>
    public required double[][] CategoryRamp { get; init; }
    /// <summary>Per hub: whether it has a bulky line (all false without appliances).</summary>
    public required bool[] BulkyLine { get; init; }
    /// <summary>Per warehouse: its carriers whose lane goes to a hub with a bulky line.</summary>
    public required int[][] WarehouseBulkyCarriers { get; init; }
    /// <summary>Warehouse weights over those with a bulky lane only: where appliance sellers ship from.</summary>
    public required double[]? ApplianceWarehouseCumulative { get; init; }

    /// <summary>Appliance categories follow the parcel ones (<see cref="ScenarioSize.Categories"/> of them).</summary>
    public bool IsBulky(int category) => category >= Size.Categories;

    public static ScenarioWorld Build(ScenarioSize size, ulong seed)
    {
        var rng = ScenarioRng.For(seed, Stream.Network);
        var regions = Enumerable.Range(0, size.Regions)
            .Select(r => new Region($"R{r + 1:00}", $"Region {r + 1:00}")).ToArray();
        // Zipf-like population: a few regions receive most parcels, as in real shipping data.
        var regionCum = Cumulative(Enumerable.Range(0, size.Regions).Select(r => 1.0 / Math.Pow(r + 1, 0.7)));

        var carriers = Enumerable.Range(0, size.Carriers)
            .Select(c => new Carrier($"C{c + 1:00}", $"Carrier {c + 1:00}")).ToArray();
        var hubs = new List<Hub>();
        var hubRegion = new List<int>();
        var hubsOfCarrier = new List<int>[size.Carriers];
        for (var c = 0; c < size.Carriers; c++)
        {
            hubsOfCarrier[c] = [];
            for (var j = 0; j < size.HubsPerCarrier; j++)
            {
                var region = (int)((long)j * size.Regions / size.HubsPerCarrier + c) % size.Regions;
                hubsOfCarrier[c].Add(hubs.Count);
                hubRegion.Add(region);
                hubs.Add(new Hub($"{carriers[c].Code}-H{j + 1:00}", $"{carriers[c].Name} hub {j + 1:00}", carriers[c].Code, regions[region].Code));
            }
        }

        var destination = new int[size.Carriers][];
        for (var c = 0; c < size.Carriers; c++)
        {
            destination[c] = new int[size.Regions];
            for (var r = 0; r < size.Regions; r++)
                destination[c][r] = hubsOfCarrier[c].MinBy(h => (RegionDistance(hubRegion[h], r, size.Regions), h));
        }

        var warehouses = new Warehouse[size.Warehouses];
        var warehouseRegion = new int[size.Warehouses];
        var warehouseWeight = new double[size.Warehouses];
        var lanes = new List<Lane>();
        var laneHub = new List<int>();
        var whCarriers = new int[size.Warehouses][];
        var whLanes = new int[size.Warehouses][];
        for (var w = 0; w < size.Warehouses; w++)
        {
            var region = Pick(regionCum, ref rng);
            warehouseRegion[w] = region;
            warehouseWeight[w] = rng.LogNormal(0, ScenarioConstants.WarehouseSizeSigma);
            warehouses[w] = new Warehouse($"W{w + 1:0000}", $"Warehouse {w + 1:0000}", regions[region].Code);
            var count = Math.Min(size.Carriers, size.MinCarriersPerWarehouse + rng.NextInt(size.MaxCarriersPerWarehouse - size.MinCarriersPerWarehouse + 1));
            var chosen = Distinct(count, size.Carriers, ref rng);
            whCarriers[w] = chosen;
            whLanes[w] = new int[chosen.Length];
            for (var i = 0; i < chosen.Length; i++)
            {
                var hub = destination[chosen[i]][region];
                whLanes[w][i] = lanes.Count;
                laneHub.Add(hub);
                lanes.Add(new Lane(warehouses[w].Code, hubs[hub].Code, carriers[chosen[i]].Code, 12 + 6 * rng.NextInt(7)));
            }
        }

        var appliances = size.Appliances?.Categories ?? 0;
        var categories = Enumerable.Range(0, size.Categories).Select(k => $"cat{k + 1:00}")
            .Concat(Enumerable.Range(0, appliances).Select(k => $"app{k + 1:00}")).ToArray();
        var cartRate = new double[categories.Length];
        var favRate = new double[categories.Length];
        var ramps = new double[categories.Length][];
        for (var k = 0; k < categories.Length; k++)
        {
            var r = ScenarioRng.For(seed, Stream.CategoryRates, (ulong)k);
            cartRate[k] = ScenarioConstants.CartToBuy * r.Uniform(0.7, 1.4);
            favRate[k] = ScenarioConstants.FavoriteToBuy * r.Uniform(0.7, 1.4);
            var ramp = ScenarioRng.For(seed, Stream.CategoryRamp, (ulong)k);
            ramps[k] = Cumulative(ScenarioConstants.PresaleRamp.Select(x => x * ramp.LogNormal(0, 0.2)));
        }

        var (bulkyLine, bulkyCarriers, applianceCum) = BulkyLines(size, seed, hubsOfCarrier, whCarriers, whLanes, laneHub, warehouseWeight);

        var merchants = new Merchant[size.Merchants];
        for (var m = 0; m < size.Merchants; m++) merchants[m] = new Merchant(MerchantCode(m), $"Merchant {m + 1:000000}");

        var world = new ScenarioWorld
        {
            Size = size,
            Seed = seed,
            Categories = categories,
            WarehouseRegion = warehouseRegion,
            WarehouseCumulative = Cumulative(warehouseWeight),
            RegionCumulative = regionCum,
            CategoryCumulative = Cumulative(Enumerable.Range(0, size.Categories).Select(k => 1.0 / Math.Pow(k + 1, 0.5))),
            WarehouseCarriers = whCarriers,
            WarehouseLanes = whLanes,
            LaneHub = [.. laneHub],
            DestinationHub = destination,
            CartRate = cartRate,
            FavoriteRate = favRate,
            CategoryRamp = ramps,
            BulkyLine = bulkyLine,
            WarehouseBulkyCarriers = bulkyCarriers,
            ApplianceWarehouseCumulative = applianceCum,
        };
        var merchantWarehouses = new List<MerchantWarehouse>();
        for (var m = 0; m < size.Merchants; m++)
            foreach (var habit in world.Profile(m).Warehouses)
                merchantWarehouses.Add(new MerchantWarehouse(merchants[m].Code, warehouses[habit.Warehouse].Code));
        world.Network = new NetworkModel(carriers, hubs, warehouses, regions, merchants, lanes, merchantWarehouses,
            appliances > 0 ? categories[size.Categories..] : null);
        return world;
    }

    /// <summary>
    /// Which hubs have a bulky line (a share of each carrier's, at least one, on a stream of their own),
    /// each warehouse's carriers with a lane to one, and the warehouses appliance sellers ship from.
    /// </summary>
    private static (bool[] Line, int[][] Carriers, double[]? Cumulative) BulkyLines(ScenarioSize size, ulong seed, List<int>[] hubsOfCarrier,
        int[][] whCarriers, int[][] whLanes, List<int> laneHub, double[] warehouseWeight)
    {
        var line = new bool[hubsOfCarrier.Sum(h => h.Count)];
        if (size.Appliances is not { } mix) return (line, whCarriers.Select(_ => Array.Empty<int>()).ToArray(), null);
        var rng = ScenarioRng.For(seed, Stream.BulkyHubs);
        foreach (var hubs in hubsOfCarrier)
        {
            var count = Math.Clamp((int)Math.Round(mix.HubShare * hubs.Count), 1, hubs.Count);
            foreach (var i in Distinct(count, hubs.Count, ref rng)) line[hubs[i]] = true;
        }
        var carriers = new int[whCarriers.Length][];
        var weights = new double[whCarriers.Length];
        for (var w = 0; w < whCarriers.Length; w++)
        {
            carriers[w] = whCarriers[w].Where((_, i) => line[laneHub[whLanes[w][i]]]).ToArray();
            weights[w] = carriers[w].Length > 0 ? warehouseWeight[w] : 0;
        }
        return (line, carriers, weights.Any(x => x > 0) ? Cumulative(weights) : null);
    }

    /// <summary>Whether merchant m sells appliances: a coin of its own, so the rest of the world does not move.</summary>
    public bool SellsAppliances(int m) =>
        Size.Appliances is { } mix && ApplianceWarehouseCumulative is not null
        && ScenarioRng.For(Seed, Stream.Appliances, (ulong)m).NextDouble() < mix.SellerShare;

    public static string MerchantCode(int m) => $"M{m + 1:000000}";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(ulong Stream, int Campaign), double[][]> _shocks = new();

    /// <summary>The realised day shocks of a stream (warehouses, their origin regions, destination regions) in one campaign, made once.</summary>
    public double[][] DayShocks(ulong stream, CampaignCalendar cal) => _shocks.GetOrAdd((stream, cal.Index), key =>
    {
        var (keys, sigma) = key.Stream switch
        {
            Stream.WarehouseDay => (Size.Warehouses, DemandModel.WarehouseOwnDaySigma),
            Stream.OriginRegionDay => (Size.Regions, DemandModel.OriginRegionDaySigma),
            _ => (Size.Regions, DemandModel.RegionDaySigma),
        };
        return DemandModel.DayShocks(Seed, key.Stream, keys, cal, sigma);
    });

    /// <summary>A merchant's stable traits; pure function of (seed, m).</summary>
    public MerchantProfile Profile(int m)
    {
        var rng = ScenarioRng.For(Seed, Stream.Profile, (ulong)m);
        var baseDaily = Math.Max(0.5, rng.LogNormal(Math.Log(30), 1.1));

        var u = rng.NextDouble();
        var categories = DistinctWeighted(u < 0.5 ? 1 : u < 0.85 ? 2 : 3, CategoryCumulative, ref rng);
        var categoryWeights = categories.Select(_ => rng.LogNormal(0, 0.7)).ToArray();
        // An appliance seller sells one appliance category beside its parcels, about as much as all of
        // them, from warehouses with a lane to a bulky line; it sends them by a carrier with one there,
        // and its parcels by the warehouse's other carriers when it has any (another carrier, usually).
        var seller = SellsAppliances(m);
        var appliance = seller ? ScenarioRng.For(Seed, Stream.Appliances, (ulong)m, 1) : default;
        if (seller)
        {
            categories = [.. categories, Size.Categories + appliance.NextInt(Categories.Length - Size.Categories)];
            categoryWeights = [.. categoryWeights, categoryWeights.Sum() * appliance.LogNormal(0, 0.5)];
        }

        u = rng.NextDouble();
        var warehouses = DistinctWeighted(u < 0.7 ? 1 : u < 0.92 ? 2 : 3, seller ? ApplianceWarehouseCumulative! : WarehouseCumulative, ref rng);
        var warehouseWeights = warehouses.Select((_, i) => rng.LogNormal(0, 0.5) * (i == 0 ? 3 : 1)).ToArray();

        // Larger shops reach more regions; the home region (primary warehouse's) is the heaviest.
        var regionCount = (int)Math.Clamp(1 + rng.Poisson(Math.Max(0.2, 2.6 + 0.6 * Math.Log(baseDaily / 30))), 1, Math.Min(8, Size.Regions));
        var home = WarehouseRegion[warehouses[0]];
        var regions = new List<int> { home };
        for (var tries = 0; regions.Count < regionCount && tries < 50; tries++)
        {
            var r = Pick(RegionCumulative, ref rng);
            if (!regions.Contains(r)) regions.Add(r);
        }
        var regionWeights = regions.Select((_, i) => rng.LogNormal(0, 0.8) * (i == 0 ? 2 : 1)).ToArray();

        var habits = new HandoverHabit[warehouses.Length];
        for (var i = 0; i < warehouses.Length; i++)
        {
            var w = warehouses[i];
            // A merchant contracts one or two of the warehouse's carriers (bigger shops up to three).
            var all = WarehouseCarriers[w];
            int? bulkyCarrier = null;
            if (seller)
            {
                var withLine = WarehouseBulkyCarriers[w];
                bulkyCarrier = withLine[appliance.NextInt(withLine.Length)];
                var others = all.Where(c => c != bulkyCarrier).ToArray();
                if (others.Length > 0) all = others;
            }
            var want = Math.Min(all.Length, 1 + (rng.NextDouble() < 0.4 ? 1 : 0) + (baseDaily > 100 ? 1 : 0));
            var carriers = DistinctOf(all, want, ref rng);
            var shares = Normalise(carriers.Select(_ => rng.LogNormal(0, 0.8)).ToArray());
            var lag = Normalise(ScenarioConstants.HandoverLagDays.Select(x => x * rng.LogNormal(0, 0.3)).ToArray());
            // Carriers collect in scheduled waves: 1-4 fixed hours per merchant-warehouse, drawn from the
            // afternoon-heavy profile shifted by up to ±2 h.
            var shift = rng.NextInt(5) - 2;
            var profile = new double[24];
            for (var h = 0; h < 24; h++)
            {
                var src = h - shift;
                profile[h] = src is >= 0 and < 24 ? ScenarioConstants.HandoverHour[src] : 0;
            }
            var waves = baseDaily < 15 ? 1 : baseDaily < 60 ? 2 : baseDaily < 250 ? 3 : 4;
            var hourCum = Cumulative(profile);
            var hours = new double[24];
            foreach (var h in DistinctWeighted(waves, hourCum, ref rng)) hours[h] = profile[h] * rng.LogNormal(0, 0.3);
            var bulkyLag = seller ? Normalise(ScenarioConstants.BulkyHandoverLagDays.Select(x => x * appliance.LogNormal(0, 0.3)).ToArray()) : null;
            habits[i] = new HandoverHabit(w, carriers, shares, lag, Normalise(hours), bulkyLag, bulkyCarrier);
        }

        var presale = rng.Uniform(0, 0.2);
        var deposit = rng.NextDouble() < 0.35 ? 0 : rng.Uniform(0.05, 0.3);
        var favorite = rng.Uniform(0.1, 0.25);

        var lines = new List<DemandLine>(categories.Length * warehouses.Length * regions.Count);
        double total = 0;
        for (var c = 0; c < categories.Length; c++)
            for (var w = 0; w < warehouses.Length; w++)
                for (var r = 0; r < regions.Count; r++)
                {
                    var weight = categoryWeights[c] * warehouseWeights[w] * regionWeights[r];
                    total += weight;
                    lines.Add(new DemandLine(categories[c], w, regions[r], weight));
                }
        var normalised = lines.Select(l => l with { Weight = l.Weight / total }).ToArray();
        // Cold starts: about 8% of shops opened after the oldest campaign and 5% are new this year
        // (own stream, so the traits above do not depend on it).
        var opened = ScenarioRng.For(Seed, Stream.Profile, (ulong)m, 1).NextDouble();
        var first = opened < 0.05 ? 2 : opened < 0.13 ? 1 : 0;
        return new MerchantProfile(m, baseDaily, habits, normalised, 1 - presale - deposit - favorite, favorite, deposit, presale, first);
    }

    private static int RegionDistance(int a, int b, int n)
    {
        var d = Math.Abs(a - b);
        return Math.Min(d, n - d);
    }

    internal static double[] Cumulative(IEnumerable<double> weights)
    {
        var w = weights.ToArray();
        var total = w.Sum();
        var cum = new double[w.Length];
        double run = 0;
        for (var i = 0; i < w.Length; i++) { run += w[i] / total; cum[i] = run; }
        cum[^1] = 1.0;
        return cum;
    }

    internal static double[] Normalise(double[] w)
    {
        var total = w.Sum();
        for (var i = 0; i < w.Length; i++) w[i] /= total;
        return w;
    }

    private static int Pick(double[] cumulative, ref ScenarioRng rng)
    {
        var i = Array.BinarySearch(cumulative, rng.NextDouble());
        return Math.Min(i < 0 ? ~i : i, cumulative.Length - 1);
    }

    private static int[] DistinctWeighted(int count, double[] cumulative, ref ScenarioRng rng)
    {
        count = Math.Min(count, cumulative.Length);
        var chosen = new List<int>(count);
        for (var tries = 0; chosen.Count < count && tries < 100; tries++)
        {
            var i = Pick(cumulative, ref rng);
            if (!chosen.Contains(i)) chosen.Add(i);
        }
        return [.. chosen];
    }

    private static int[] DistinctOf(int[] items, int count, ref ScenarioRng rng)
    {
        var idx = Distinct(count, items.Length, ref rng);
        return idx.Select(i => items[i]).ToArray();
    }

    private static int[] Distinct(int count, int n, ref ScenarioRng rng)
    {
        var all = Enumerable.Range(0, n).ToArray();
        for (var i = 0; i < count; i++)
        {
            var j = i + rng.NextInt(n - i);
            (all[i], all[j]) = (all[j], all[i]);
        }
        return all[..count];
    }
}
