using Logistics.Domain.Alerts;
using Logistics.Domain.Planning;

namespace Logistics.Server.Loads;

/// <summary>One node's hourly loads as a run stored them (plan_node_loads); arrays cover the campaign's horizon. Settable: Dapper fills it by property.</summary>
internal sealed class NodeLoadRow
{
    public string Kind { get; set; } = "";
    public string Node { get; set; } = "";
    public string? Carrier { get; set; }
    public float[] Planned { get; set; } = [];
    public float[] PlannedP90 { get; set; } = [];
    public float[] UnshavedP50 { get; set; } = [];
    public float[] UnshavedP90 { get; set; } = [];
    public long[]? Capacity { get; set; }
    /// <summary>Filled only where a query selects `peak_utilization` too (the dashboard's network page).</summary>
    public float? PeakUtilization { get; set; }

    /// <summary>The columns in this record's order, for a SELECT (without the peak utilization).</summary>
    public const string Columns = "kind, node, carrier, planned, planned_p90, unshaved_p50, unshaved_p90, capacity";

    /// <summary>
    /// Expected extra hours for a parcel handed to this node in each hour: how long the plan's own
    /// backlog then takes to clear (QueueWait over the planned load against capacity, the same rule the
    /// delay notices use). Zero where the capacity is unknown.
    /// </summary>
    public double[] DelayHours()
    {
        var hours = Planned.Length;
        if (Capacity is null) return new double[hours];
        var arrivals = new double[hours];
        for (var t = 0; t < hours; t++) arrivals[t] = Planned[t];
        return QueueWait.Hours(arrivals, Capacity.AsSpan(0, Math.Min(hours, Capacity.Length)));
    }
}
