using Dapper;
using Npgsql;

namespace Logistics.Server.Uploads;

/// <summary>The Hangfire job that loads an upload, recorded on its row (uploads.job_id): the sweep and ops find it from there.</summary>
internal static class UploadJob
{
    /// <summary>
    /// Written by the node that enqueues and again by the job when it starts, whichever comes
    /// first; never waits: a load already running holds the row locked (and has written its id).
    /// </summary>
    public static async Task RecordAsync(NpgsqlDataSource db, Guid upload, string jobId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE uploads SET job_id = @jobId
            WHERE id = (SELECT id FROM uploads WHERE id = @upload FOR UPDATE SKIP LOCKED) AND job_id IS DISTINCT FROM @jobId
            """, new { upload, jobId }, cancellationToken: ct));
    }
}
