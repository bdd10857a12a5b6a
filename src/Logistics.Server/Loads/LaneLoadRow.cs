namespace Logistics.Server.Loads;

/// <summary>
/// One line-haul into a destination hub as a run stored it (plan_lane_loads): the arrays start at
/// horizon hour <see cref="FirstHour"/> and cover only the hours with parcels. Settable: Dapper fills it by property.
/// </summary>
internal sealed class LaneLoadRow
{
    public string Carrier { get; set; } = "";
    public string Origin { get; set; } = "";
    public string Destination { get; set; } = "";
    public int FirstHour { get; set; }
    public float[] Planned { get; set; } = [];
    public float[] UnshavedP50 { get; set; } = [];
    public float[] UnshavedP90 { get; set; } = [];
    /// <summary>Bulky goods' line-haul (into the destination hub's bulky line), not parcels'.</summary>
    public bool Bulky { get; set; }

    /// <summary>The columns in this record's order, for a SELECT.</summary>
    public const string Columns = "carrier, origin, destination, first_hour, planned, unshaved_p50, unshaved_p90, bulky";
}
