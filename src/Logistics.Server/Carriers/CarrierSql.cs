using Logistics.Domain.Alerts;

namespace Logistics.Server.Carriers;

/// <summary>The carrier view's queries; every one is limited to the carrier's own id or code.</summary>
internal static class CarrierSql
{
    public const string Find = "SELECT id FROM carriers WHERE code = @carrier";

    /// <summary>The run's loads on the carrier's nodes: pickups (node = warehouse), origin and receiving hubs.</summary>
    public const string Loads = $"""
        SELECT {Logistics.Server.Loads.NodeLoadRow.Columns}
        FROM plan_node_loads
        WHERE plan_run_id = @run AND carrier = @carrier
        ORDER BY kind, node
        """;

    /// <summary>The alerts in force on the carrier's nodes that overlap [from, to); watch is for ops.</summary>
    public const string Alerts = $"""
        SELECT a.body::text FROM alerts a
        WHERE a.campaign_id = @campaignId AND a.in_force AND a.carrier = @carrier AND a.level <> '{AlertLevels.Watch}'
          AND a.ends_at > greatest(@now, @from) AND a.starts_at < @to
        ORDER BY a.starts_at, a.id
        """;
}
