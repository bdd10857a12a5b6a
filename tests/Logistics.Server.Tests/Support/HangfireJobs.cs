using System.Text.Json;
using Dapper;
using Npgsql;

namespace Logistics.Server.Tests.Support;

/// <summary>Reads Hangfire's own tables (schema hangfire) the way ops would see them in the dashboard.</summary>
public static class HangfireJobs
{
    public static Task<string?> StateAsync(NpgsqlConnection conn, string jobId) =>
        conn.ExecuteScalarAsync<string?>("SELECT statename FROM hangfire.job WHERE id = @id", new { id = long.Parse(jobId) });

    /// <summary>Waits until the job has finished (Succeeded, Failed or Deleted) and returns that state.</summary>
    public static async Task<string> WaitFinishedAsync(NpgsqlConnection conn, string jobId, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var state = await StateAsync(conn, jobId);
            if (state is "Succeeded" or "Failed" or "Deleted") return state;
            Assert.True(DateTime.UtcNow < until, $"job {jobId} still {state ?? "missing"}");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the job has left <paramref name="state"/> (a requeue reaches the store after the click returns).</summary>
    public static async Task WaitLeftAsync(NpgsqlConnection conn, string jobId, string state, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (await StateAsync(conn, jobId) == state)
        {
            Assert.True(DateTime.UtcNow < until, $"job {jobId} still {state}");
            await Task.Delay(50);
        }
    }

    public static async Task WaitSucceededAsync(NpgsqlConnection conn, string jobId, TimeSpan? timeout = null)
    {
        var state = await WaitFinishedAsync(conn, jobId, timeout);
        Assert.True(state == "Succeeded", $"job {jobId} ended {state}: {await HistoryAsync(conn, jobId)}");
    }

    /// <summary>The server names (Logistics__NodeName) that started processing the job, in order: one per attempt.</summary>
    public static async Task<IReadOnlyList<string>> ProcessedByAsync(NpgsqlConnection conn, string jobId)
    {
        var data = await conn.QueryAsync<string>("SELECT data::text FROM hangfire.state WHERE jobid = @id AND name = 'Processing' ORDER BY id", new { id = long.Parse(jobId) });
        return data.Select(d => JsonDocument.Parse(d).RootElement.GetProperty("ServerId").GetString()!.Split(':')[0]).ToList();
    }

    /// <summary>The job's states, oldest first, with their reasons: for failure messages.</summary>
    public static async Task<string> HistoryAsync(NpgsqlConnection conn, string jobId) =>
        string.Join("; ", await conn.QueryAsync<string>("SELECT concat_ws(' ', name, reason, left(data::text, 400)) FROM hangfire.state WHERE jobid = @id ORDER BY id", new { id = long.Parse(jobId) }));
}
