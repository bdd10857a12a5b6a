using Logistics.Server.Maintenance;

namespace Logistics.Server.WhatIf;

/// <summary>What-ifs: a contingency tried weeks ago was tried on a network and a forecast that have moved on.</summary>
internal static class WhatIfRetention
{
    public static IRetentionStep Step { get; } = new StatementRetention(RetentionStage.Standalone, "what_ifs", """
        DELETE FROM what_if_runs WHERE created_at < now() - make_interval(days => @days)
        """);
}
