using Logistics.Domain.Network;
using Logistics.Domain.Planning;

namespace Logistics.Domain.Alerts;

/// <summary>
/// Inputs of one alert evaluation: the plan's node loads (with capacities), the network (for other
/// lanes and the regions of hubs), the alerts in force after the previous run, and the campaign's
/// thresholds. <see cref="IdPrefix"/> makes new alert ids unique across campaigns/runs (e.g.
/// "1111-2026/run-42/"). <see cref="NowHour"/> is the horizon hour now (null: the whole horizon is
/// ahead): an alert whose end is not after it has ended and leaves the alerts in force.
/// </summary>
public sealed record AlertInput(
    int HorizonHours,
    IReadOnlyList<NodeLoad> Loads,
    NetworkModel Network,
    IReadOnlyList<Alert> Previous,
    AlertThresholds? Thresholds = null,
    string IdPrefix = "",
    int? NowHour = null);
