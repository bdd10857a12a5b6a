using Logistics.Server.Maintenance;
using Npgsql;

namespace Logistics.Server.WhatIf;

/// <summary>What-ifs: a contingency tried weeks ago was tried on a network and a forecast that have moved on.</summary>
internal sealed class WhatIfRetention : IRetentionStep
{
    public RetentionStage Stage => RetentionStage.Standalone;
    public string Removes => "what_ifs";

    public Task<long> RemoveAsync(NpgsqlConnection conn, int days, CancellationToken ct) => RetentionPeriod.ExecuteAsync(conn, Sql, days, ct);

    private const string Sql = """
        DELETE FROM what_if_runs WHERE created_at < now() - make_interval(days => @days)
        """;
}
