using Logistics.Domain.Handling;

namespace Logistics.Domain.Planning;

/// <summary>
/// One merchant's integer releases of one handling class at one warehouse per horizon hour (P50 rounded by largest
/// remainder over the pair's forecast rows, so the pair keeps its rounded total), and what the loads
/// and the audience need of its forecast: the P90/P50 ratio, the region shares of its P50, and the
/// (carrier, region) lines it was forecast on.
/// </summary>
public sealed record MerchantDemand(
    string Merchant,
    string Warehouse,
    int[] Release,
    double P90Ratio,
    IReadOnlyList<(string Region, double Share)> Regions,
    IReadOnlyList<(string Carrier, string Region)> Lines,
    HandlingClass Handling = HandlingClass.Parcel);

/// <summary>
/// The forecast's compact hand-off to the planner: per merchant-warehouse releases, per warehouse
/// the release and each carrier's habitual handover per hour, and the unshaved forecast already
/// summed into node loads. Its size follows merchant-warehouse pairs × hours, never the forecast's
/// rows (tens of millions at national scale), which <see cref="HandoverDemandBuilder"/> reads once.
/// </summary>
public sealed class HandoverDemand
{
    internal HandoverDemand(int hours, int lag, MerchantDemand[] pairs, Dictionary<(string, HandlingClass), WarehouseDemand> warehouses,
        Dictionary<(LoadNodeKind Kind, string Node, string Carrier), double[][]> unshaved,
        Dictionary<(string Carrier, string Origin, string Destination, HandlingClass Handling), double[][]> laneUnshaved, long rows, double parcelsP50)
    {
        HorizonHours = hours; PickupLagHours = lag; Pairs = pairs; Warehouses = warehouses; Unshaved = unshaved; LaneUnshaved = laneUnshaved;
        Rows = rows; ParcelsP50 = parcelsP50;
    }

    public int HorizonHours { get; }
    /// <summary>The pickup lag the unshaved loads were summed with; the planner must use the same.</summary>
    public int PickupLagHours { get; }
    /// <summary>Sorted by merchant, then warehouse (ordinal), then class.</summary>
    public IReadOnlyList<MerchantDemand> Pairs { get; }
    /// <summary>Forecast rows read, and their P50 sum (for the run's counts).</summary>
    public long Rows { get; }
    public double ParcelsP50 { get; }

    /// <summary>Per (warehouse, class): each is a planning unit of its own.</summary>
    internal Dictionary<(string Warehouse, HandlingClass Handling), WarehouseDemand> Warehouses { get; }
    /// <summary>UnshavedP50 and UnshavedP90 series per load node (see <see cref="NodeLoad"/>).</summary>
    internal Dictionary<(LoadNodeKind Kind, string Node, string Carrier), double[][]> Unshaved { get; }
    /// <summary>The same per line-haul into a destination hub (see <see cref="LaneLoad"/>), hours as the destination's.</summary>
    internal Dictionary<(string Carrier, string Origin, string Destination, HandlingClass Handling), double[][]> LaneUnshaved { get; }

    /// <summary>The UnshavedP50 series of each load node, read-only: what a forecast predicts before any plan (the replay scores it).</summary>
    public IEnumerable<(LoadNodeKind Kind, string Node, string Carrier, IReadOnlyList<double> P50)> UnshavedP50ByNode()
    {
        foreach (var ((kind, node, carrier), series) in Unshaved) yield return (kind, node, carrier, series[0]);
    }
}

/// <summary>
/// A warehouse's integer release per hour and each carrier's habitual share of it (rounded like the
/// pairs), and its forecast's P50 and P90 sums over the horizon (the headroom the plan keeps).
/// </summary>
internal sealed class WarehouseDemand(int hours)
{
    public long[] Release { get; } = new long[hours];
    public Dictionary<string, long[]> Habit { get; } = new(StringComparer.Ordinal);
    public double P50 { get; set; }
    public double P90 { get; set; }
    public double P90Ratio => Headroom.Ratio(P50, P90);
}
