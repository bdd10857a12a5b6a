using Logistics.Domain.Network;
using Logistics.Domain.Planning;

namespace Logistics.Domain.Alerts;

/// <summary>
/// Inputs of one alert evaluation: the plan's node loads (with capacities), the network (for
/// alternative hubs), the alerts in force after the previous run, and the campaign's thresholds.
/// <see cref="SortCapacities"/> gives hub capacities for hubs without load (alternative-hub advice).
/// <see cref="IdPrefix"/> makes new alert ids unique across campaigns/runs (e.g. "1111-2026/run-42/").
/// </summary>
public sealed record AlertInput(
    int HorizonHours,
    IReadOnlyList<NodeLoad> Loads,
    NetworkModel Network,
    IReadOnlyList<Alert> Previous,
    AlertThresholds? Thresholds = null,
    IReadOnlyList<CapacitySeries>? SortCapacities = null,
    string IdPrefix = "");
