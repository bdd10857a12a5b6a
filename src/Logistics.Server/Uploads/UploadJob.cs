using Dapper;
using Npgsql;

namespace Logistics.Server.Uploads;

/// <summary>The Hangfire job that loads an upload, recorded on its row (uploads.job_id): the sweep and ops find it from there.</summary>
internal static class UploadJob
{
    public static async Task RecordAsync(NpgsqlDataSource db, Guid upload, string jobId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("UPDATE uploads SET job_id = @jobId WHERE id = @upload", new { upload, jobId }, cancellationToken: ct));
    }
}
