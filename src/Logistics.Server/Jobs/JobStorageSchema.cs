using Hangfire.PostgreSql;
using Npgsql;

namespace Logistics.Server.Jobs;

/// <summary>
/// Hangfire.PostgreSql's tables, in schema "hangfire", installed and upgraded by the package's own
/// scripts. `logistics migrate` (and `serve`, which migrates first) runs this under the migrations'
/// advisory lock; nodes never prepare the schema themselves (two nodes starting on an empty database
/// race on CREATE SCHEMA).
/// </summary>
internal static class JobStorageSchema
{
    public const string Name = "hangfire";

    /// <param name="conn">an open connection holding the migrations' lock, outside any transaction (each script runs in its own).</param>
    public static void Install(NpgsqlConnection conn) => PostgreSqlObjectsInstaller.Install(conn, Name);
}
