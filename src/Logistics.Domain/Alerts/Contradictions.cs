using Logistics.Domain.Handling;
using Logistics.Domain.Network;
using Logistics.Domain.Planning;

namespace Logistics.Domain.Alerts;

/// <summary>One way the alerts and the windows of a plan disagree, on a node of <see cref="Handling"/>'s capacity.</summary>
public sealed record Contradiction(string Rule, string Node, int Hour, string Detail, HandlingClass Handling = HandlingClass.Parcel);

/// <summary>
/// Checks that alerts and windows from one plan never contradict each other:
/// <list type="bullet">
/// <item>no window hands parcels into a node-hour whose planned load is above its capacity;</item>
/// <item>every "instead" points where the plan has the room it claims (<see cref="PlanRoom"/>);</item>
/// <item>no alert tells a merchant not to hand over what its windows reserve: only handover nodes carry
/// blocked or warning alerts (whose advice is "only what your windows reserve"), a destination hub only
/// a delay notice with nothing to avoid, and watch is never shown to merchants.</item>
/// </list>
/// </summary>
public static class Contradictions
{
    public static IReadOnlyList<Contradiction> Find(PlanResult plan, IReadOnlyList<Alert> alerts, NetworkModel network, int hours, int pickupLagHours = 1)
    {
        var found = new List<Contradiction>();
        // A node's planned load is the sum of the windows into it: above capacity means a window hands parcels there.
        foreach (var l in plan.Loads)
        {
            if (l.Capacity is null || l.Kind.IsDestinationSort()) continue;
            for (var t = 0; t < hours; t++)
                if (l.Planned[t] > l.Capacity[t] + 0.5)
                    found.Add(new Contradiction("window_over_capacity", l.Node, t, $"planned {l.Planned[t]:0.#} against a capacity of {l.Capacity[t]}", LoadNodeKinds.Handling(l.Kind)));
        }

        var room = new PlanRoom(plan.Loads, network, hours, pickupLagHours);
        foreach (var a in alerts)
        {
            if (a.Level == AlertLevel.Delay ? !a.NodeKind.IsDestinationSort() || a.Options.Count > 0
                : a.NodeKind.IsDestinationSort())
                found.Add(new Contradiction("wrong_kind_of_alert", a.Node, a.StartHour, $"{a.Level} on a {a.NodeKind} node", LoadNodeKinds.Handling(a.NodeKind)));
            foreach (var o in a.Options)
            {
                double sum = 0;
                var ok = o.RoomParcels >= 1 && o.StartHour < o.EndHour;
                for (var t = o.StartHour; t < o.EndHour && ok; t++)
                    if (room.Of(o, a.NodeKind, t) is { } r && r >= 1) sum += Math.Floor(r);
                if (!ok || sum < o.RoomParcels)
                    found.Add(new Contradiction("instead_without_room", o.Node, o.StartHour, $"claims {o.RoomParcels} parcels of room, the plan leaves {sum:0}", LoadNodeKinds.Handling(a.NodeKind)));
            }
        }
        return found;
    }
}
