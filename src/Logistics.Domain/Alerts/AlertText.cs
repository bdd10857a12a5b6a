using System.Globalization;
using Logistics.Domain.Handling;
using Logistics.Domain.Planning;

namespace Logistics.Domain.Alerts;

/// <summary>
/// An alert's reason and advice, rendered from its own fields (level, node, range, numbers, options)
/// so text and structure always say the same. <c>local</c> turns a horizon hour into the campaign's
/// local time ("Nov 11 02:00"); the zone is named once per sentence.
/// </summary>
public static class AlertText
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string What(LoadNodeKind kind, string node, string? carrier) => kind switch
    {
        LoadNodeKind.Outbound => $"warehouse {node}'s outbound",
        LoadNodeKind.Pickup => $"{carrier}'s pickup at warehouse {node}",
        LoadNodeKind.OriginSort or LoadNodeKind.DestinationSort => $"{carrier}'s hub {node}",
        LoadNodeKind.BulkyPickup => $"{carrier}'s bulky pickup at warehouse {node}",
        LoadNodeKind.BulkyOriginSort or LoadNodeKind.BulkyDestinationSort => $"{carrier}'s hub {node}'s bulky line",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a load node kind"),
    };

    /// <summary>What a node's class carries, in the advice's words.</summary>
    private static string Goods(LoadNodeKind kind) => LoadNodeKinds.Handling(kind) == HandlingClass.Bulky ? "bulky goods" : "parcels";

    public static string Reason(Alert a, Func<int, string> local, string zone)
    {
        var what = What(a.NodeKind, a.Node, a.Carrier);
        var span = $"from {local(a.StartHour)} to {local(a.EndHour)} ({zone})";
        var text = a.Level switch
        {
            AlertLevel.Blocked => string.Create(Inv,
                $"{what} is full {span}: as merchants would ship, {a.ForecastP50:N0} parcels (P90 {a.ForecastP90:N0}) would come against a capacity of {a.CapacityParcels:N0}; the windows reserve {a.ReservedParcels:N0} of it."),
            AlertLevel.Warning => string.Create(Inv,
                $"{what} has little room left {span}: at the P90 of demand, {a.ForecastP90:N0} parcels would come against a capacity of {a.CapacityParcels:N0}; the windows reserve {a.ReservedParcels:N0} of it."),
            AlertLevel.Watch => string.Create(Inv,
                $"{what} is nearly filled by the plan {span}: {a.ReservedParcels:N0} parcels reserved against a capacity of {a.CapacityParcels:N0} (for ops)."),
            _ => string.Create(Inv,
                $"Parcels bound for region {a.Region} through {what} arrive about {a.DelayHours} h late {span}: {a.ForecastP50:N0} parcels are planned there against a capacity of {a.CapacityParcels:N0}."),
        };
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    public static string Advice(Alert a, Func<int, string> local, string zone)
    {
        if (a.Level == AlertLevel.Delay)
            return $"Nothing to change at handover: keep to your windows, and allow about {a.DelayHours} h more for deliveries to region {a.Region}.";
        if (a.Level == AlertLevel.Watch) return "No action for merchants: the windows already keep this node within capacity.";
        var parts = new List<string>
        {
            a.Level == AlertLevel.Blocked
                ? $"Hand over only what your windows reserve there from {local(a.StartHour)} to {local(a.EndHour)} ({zone}): reserved parcels are taken, any beyond them will be stuck."
                : $"Keep to what your windows reserve there from {local(a.StartHour)} to {local(a.EndHour)} ({zone}): parcels beyond them may be stuck.",
        };
        foreach (var o in a.Options)
        {
            var when = $"from {local(o.StartHour)} to {local(o.EndHour)}";
            parts.Add(o.Warehouse is null
                ? string.Create(Inv, $"Room again at {o.Node} {when} (about {o.RoomParcels:N0} parcels).")
                : string.Create(Inv, $"Or hand {Goods(a.NodeKind)} to {o.Carrier} at {o.Warehouse} (its hub {o.Node}) {when} (about {o.RoomParcels:N0} parcels of room)."));
        }
        if (a.Options.Count == 0) parts.Add("No room later in the horizon here: agree extra capacity with the carrier.");
        return string.Join(" ", parts);
    }
}
