using Logistics.Domain.Alerts;
using Logistics.Domain.Handling;
using Logistics.Domain.Planning;

namespace Logistics.Scenarios.Evaluation;

/// <summary>A node as the loads key it: carrier "" for a warehouse's outbound.</summary>
public readonly record struct NodeId(LoadNodeKind Kind, string Node, string Carrier)
{
    public static NodeId Of(NodeLoad l) => new(l.Kind, l.Node, l.Carrier ?? "");
    public static NodeId Of(Alert a) => new(a.NodeKind, a.Node, a.Carrier ?? "");

    /// <summary>A node a merchant hands parcels to (outbound, pickup, origin hub, and their bulky kinds).</summary>
    public bool IsHandover => !Kind.IsDestinationSort();

    /// <summary>Whether a node of this kind is in a scope: one handling class, or all when null.</summary>
    public static bool In(HandlingClass? scope, LoadNodeKind kind) => scope is not { } h || LoadNodeKinds.Handling(kind) == h;
}
