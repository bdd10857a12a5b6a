using Dapper;
using Hangfire;
using Hangfire.Storage;
using Logistics.Server.Storage;
using Npgsql;

namespace Logistics.Server.Jobs;

/// <summary>
/// The recurring jobs' schedules. Ops' choices (cron, paused) live in our table job_schedules and
/// Hangfire's recurring jobs are set from it: a default is stored only when a job has no row, so an
/// edited cron survives restarts and deploys (Hangfire's own AddOrUpdate at start would overwrite
/// it). Hangfire has no pause, so a paused job is removed from Hangfire and added back on resume.
/// Every change runs under one advisory lock, so nodes starting while ops edit never interleave.
/// </summary>
internal sealed class JobSchedules(NpgsqlDataSource db, IEnumerable<RecurringJobDefinition> declared, IRecurringJobManager recurring,
    JobStorage storage, ILogger<JobSchedules> log)
{
    private const string Lock = "job-schedules";
    private readonly IReadOnlyDictionary<string, RecurringJobDefinition> _jobs = declared.ToDictionary(d => d.Id, StringComparer.Ordinal);

    public IEnumerable<RecurringJobDefinition> Declared => _jobs.Values;

    public RecurringJobDefinition? Find(string id) => _jobs.GetValueOrDefault(id);

    public async Task<IReadOnlyList<JobSchedule>> ListAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<JobSchedule>(new CommandDefinition(
            "SELECT job_id, cron, time_zone, paused, changed_at, changed_by FROM job_schedules ORDER BY job_id", cancellationToken: ct))).AsList();
    }

    /// <summary>
    /// At start, on every node: stores the default of each declared job that has none, sets Hangfire
    /// from the table, and removes recurring jobs no feature declares any more.
    /// </summary>
    public async Task SyncAsync(CancellationToken ct)
    {
        await InLockAsync(async (conn, tx) =>
        {
            foreach (var job in _jobs.Values)
                await conn.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO job_schedules (job_id, cron, time_zone, changed_by) VALUES (@Id, @DefaultCron, @zone, @by)
                    ON CONFLICT (job_id) DO NOTHING
                    """, new { job.Id, job.DefaultCron, zone = RecurringJobDefinition.TimeZone.Id, by = ScheduleAuthors.Default }, tx, cancellationToken: ct));
            var rows = (await conn.QueryAsync<JobSchedule>(new CommandDefinition(
                "SELECT job_id, cron, time_zone, paused, changed_at, changed_by FROM job_schedules", transaction: tx, cancellationToken: ct))).ToList();
            foreach (var row in rows)
            {
                if (!_jobs.TryGetValue(row.JobId, out var job)) continue;   // a retired job's row: kept for the record, never scheduled
                var cron = row.Cron;
                if (!CronSchedule.TryParse(cron, out _, out var error))
                {
                    log.LogWarning("the stored schedule of {Job} ({Cron}) is not valid ({Error}); using the default {Default}", job.Id, cron, error, job.DefaultCron);
                    cron = job.DefaultCron;
                    await conn.ExecuteAsync(new CommandDefinition(
                        "UPDATE job_schedules SET cron = @cron, changed_at = now(), changed_by = @by WHERE job_id = @id",
                        new { cron, by = ScheduleAuthors.Repaired, id = job.Id }, tx, cancellationToken: ct));
                }
                Apply(job, cron, row.Paused);
            }
            using var connection = storage.GetConnection();
            foreach (var stale in connection.GetRecurringJobs().Where(r => !_jobs.ContainsKey(r.Id)))
            {
                recurring.RemoveIfExists(stale.Id);
                log.LogInformation("removed the recurring job {Job}: no feature declares it any more", stale.Id);
            }
            return 0;
        }, ct);
    }

    /// <returns>false when no such job is declared.</returns>
    public Task<bool> SetCronAsync(string id, string cron, string by, CancellationToken ct) =>
        ChangeAsync(id, by, "cron = @value", cron, (job, row) => Apply(job, cron, row.Paused), ct);

    public Task<bool> PauseAsync(string id, string by, CancellationToken ct) =>
        ChangeAsync(id, by, "paused = true", null, (job, row) => Apply(job, row.Cron, paused: true), ct);

    public Task<bool> ResumeAsync(string id, string by, CancellationToken ct) =>
        ChangeAsync(id, by, "paused = false", null, (job, row) => Apply(job, row.Cron, paused: false), ct);

    private async Task<bool> ChangeAsync(string id, string by, string set, string? value, Action<RecurringJobDefinition, JobSchedule> apply, CancellationToken ct)
    {
        if (!_jobs.TryGetValue(id, out var job)) return false;
        return await InLockAsync(async (conn, tx) =>
        {
            var row = await conn.QuerySingleOrDefaultAsync<JobSchedule>(new CommandDefinition($"""
                UPDATE job_schedules SET {set}, changed_at = now(), changed_by = @by WHERE job_id = @id
                RETURNING job_id, cron, time_zone, paused, changed_at, changed_by
                """, new { id, by, value }, tx, cancellationToken: ct));
            if (row is null) return false;
            apply(job, row);
            log.LogInformation("schedule of {Job} set by {By}: {Cron}{Paused}", id, by, row.Cron, row.Paused ? ", paused" : "");
            return true;
        }, ct);
    }

    private void Apply(RecurringJobDefinition job, string cron, bool paused)
    {
        if (paused) recurring.RemoveIfExists(job.Id);
        else recurring.AddOrUpdate(job.Id, job.Job, cron, new RecurringJobOptions { TimeZone = RecurringJobDefinition.TimeZone });
    }

    /// <summary>Runs <paramref name="work"/> in a transaction holding the schedules' lock; Hangfire is changed inside it, our row commits after.</summary>
    private async Task<T> InLockAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteLockAsync(tx, Lock, ct);
        var result = await work(conn, tx);
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>Hangfire's view of a recurring job (next and last execution, last job), or null when it has none (paused).</summary>
    public RecurringJobDto? Hangfire(string id)
    {
        using var connection = storage.GetConnection();
        return connection.GetRecurringJobs([id]).FirstOrDefault(r => !r.Removed);
    }
}
