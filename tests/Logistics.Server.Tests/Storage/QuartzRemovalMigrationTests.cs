using Dapper;
using Logistics.Server.Jobs;
using Logistics.Server.Storage;
using Logistics.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Logistics.Server.Tests.Storage;

/// <summary>
/// 0015 moves the jobs from Quartz.NET to Hangfire: on a database that ran Quartz (its tables as
/// Quartz's ADO store made them), the schedules ops edited or paused carry over in Hangfire's cron
/// dialect, the quartz schema is gone, and Hangfire's schema is installed by the migration runner.
/// A node started on it afterwards keeps those schedules (defaults are stored only when missing).
/// </summary>
public sealed class QuartzRemovalMigrationTests
{
    /// <summary>The Quartz 4 PostgreSQL store's tables (tables_postgres.sql) with the prefix the service used.</summary>
    private const string QuartzTables = """
        CREATE TABLE quartz.qrtz_job_details (sched_name text NOT NULL, job_name text NOT NULL, job_group text NOT NULL, description text,
            job_class_name text NOT NULL, is_durable bool NOT NULL, is_nonconcurrent bool NOT NULL, is_update_data bool NOT NULL,
            requests_recovery bool NOT NULL, job_data bytea, PRIMARY KEY (sched_name, job_name, job_group));
        CREATE TABLE quartz.qrtz_triggers (sched_name text NOT NULL, trigger_name text NOT NULL, trigger_group text NOT NULL,
            job_name text NOT NULL, job_group text NOT NULL, description text, next_fire_time bigint, prev_fire_time bigint, priority integer,
            trigger_state text NOT NULL, trigger_type text NOT NULL, start_time bigint NOT NULL, end_time bigint, calendar_name text,
            misfire_instr smallint, job_data bytea, PRIMARY KEY (sched_name, trigger_name, trigger_group),
            FOREIGN KEY (sched_name, job_name, job_group) REFERENCES quartz.qrtz_job_details (sched_name, job_name, job_group));
        CREATE TABLE quartz.qrtz_cron_triggers (sched_name text NOT NULL, trigger_name text NOT NULL, trigger_group text NOT NULL,
            cron_expression text NOT NULL, time_zone_id text, PRIMARY KEY (sched_name, trigger_name, trigger_group),
            FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES quartz.qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE);
        CREATE TABLE quartz.qrtz_fired_triggers (sched_name text NOT NULL, entry_id text NOT NULL, trigger_name text NOT NULL, trigger_group text NOT NULL,
            instance_name text NOT NULL, fired_time bigint NOT NULL, sched_time bigint NOT NULL, priority integer NOT NULL, state text NOT NULL,
            job_name text, job_group text, is_nonconcurrent bool, requests_recovery bool, PRIMARY KEY (sched_name, entry_id));
        CREATE TABLE quartz.qrtz_scheduler_state (sched_name text NOT NULL, instance_name text NOT NULL, last_checkin_time bigint NOT NULL,
            checkin_interval bigint NOT NULL, PRIMARY KEY (sched_name, instance_name));
        CREATE TABLE quartz.qrtz_locks (sched_name text NOT NULL, lock_name text NOT NULL, PRIMARY KEY (sched_name, lock_name));
        """;

    [Fact]
    public async Task Edited_and_paused_quartz_schedules_carry_over_in_hangfire_form_the_quartz_schema_is_dropped_and_a_node_keeps_them()
    {
        var cs = await TestCluster.CreateEmptyDatabaseAsync();
        await using var db = NpgsqlDataSource.Create(cs);
        var all = Migration.LoadAll();
        await new MigrationRunner(db, all.Where(m => string.CompareOrdinal(m.Name, "0015") < 0).ToList()).MigrateAsync();
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync(QuartzTables);
        // Retention edited to weekdays (Quartz: 2-6 is Monday to Friday), the planning schedule
        // paused at its default, the sweep edited to the second Friday (6#2), and a trigger of a
        // job that no longer exists.
        await conn.ExecuteAsync("""
            INSERT INTO quartz.qrtz_job_details VALUES
                ('S', 'retention', 'maintenance', '', 'RetentionJob', true, true, false, true, NULL),
                ('S', 'plan', 'planning', '', 'PlanningJob', true, false, false, true, NULL),
                ('S', 'capacity-sweep', 'ingest', '', 'CapacitySweepJob', true, true, false, true, NULL),
                ('S', 'old', 'ingest', '', 'OldJob', true, false, false, true, NULL);
            INSERT INTO quartz.qrtz_triggers (sched_name, trigger_name, trigger_group, job_name, job_group, description, trigger_state, trigger_type, start_time) VALUES
                ('S', 'retention.schedule', 'maintenance', 'retention', 'maintenance', 'edited in the dashboard', 'WAITING', 'CRON', 0),
                ('S', 'plan.schedule', 'planning', 'plan', 'planning', 'default schedule', 'PAUSED', 'CRON', 0),
                ('S', 'capacity-sweep.schedule', 'ingest', 'capacity-sweep', 'ingest', 'edited in the dashboard', 'WAITING', 'CRON', 0),
                ('S', 'old.schedule', 'ingest', 'old', 'ingest', 'edited in the dashboard', 'WAITING', 'CRON', 0);
            INSERT INTO quartz.qrtz_cron_triggers VALUES
                ('S', 'retention.schedule', 'maintenance', '0 30 4 ? * 2-6', 'UTC'),
                ('S', 'plan.schedule', 'planning', '0 0/15 * * * ?', 'UTC'),
                ('S', 'capacity-sweep.schedule', 'ingest', '0 0 6 ? * 6#2', 'UTC'),
                ('S', 'old.schedule', 'ingest', '0 0 1 * * ?', 'UTC');
            INSERT INTO quartz.qrtz_scheduler_state VALUES ('S', 'w1', 0, 7500);
            """);
        Assert.Equal(6, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'quartz'"));

        Assert.Equal(["0015_hangfire.sql"], (await new MigrationRunner(db, all).MigrateAsync()).Where(m => m.StartsWith("0015", StringComparison.Ordinal)));

        Assert.False(await conn.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'quartz')"));
        Assert.True(await conn.ExecuteScalarAsync<bool>("SELECT to_regclass('hangfire.job') IS NOT NULL AND to_regclass('hangfire.jobqueue') IS NOT NULL"));
        var carried = (await conn.QueryAsync<(string, string, bool)>("SELECT job_id, cron, paused FROM job_schedules ORDER BY job_id")).ToList();
        Assert.Equal([("ingest.capacity-sweep", "0 0 6 ? * 5#2", false), ("maintenance.retention", "0 30 4 ? * 1-5", false), ("planning.plan", "0 0/15 * * * ?", true)], carried);
        // Read by Hangfire's parser they mean what Quartz meant: weekdays at 04:30; the second Friday at 06:00.
        var from = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.True(CronSchedule.TryParse("0 30 4 ? * 1-5", out var weekdays, out _));
        Assert.All(CronSchedule.Next(weekdays, from, TimeZoneInfo.Utc, 10), at => Assert.InRange((int)at.DayOfWeek, (int)DayOfWeek.Monday, (int)DayOfWeek.Friday));
        Assert.True(CronSchedule.TryParse("0 0 6 ? * 5#2", out var secondFriday, out _));
        Assert.All(CronSchedule.Next(secondFriday, from, TimeZoneInfo.Utc, 3), at => { Assert.Equal(DayOfWeek.Friday, at.DayOfWeek); Assert.InRange(at.Day, 8, 14); });

        // A node starting on it stores only the missing defaults and sets Hangfire from the table;
        // an edit made while it runs survives the next node's start.
        await using (var node = await StartAsync(cs))
        {
            Assert.Equal("0 30 4 ? * 1-5", await HangfireCronAsync(conn, "maintenance.retention"));
            Assert.Equal("0 0 6 ? * 5#2", await HangfireCronAsync(conn, "ingest.capacity-sweep"));
            Assert.Null(await HangfireCronAsync(conn, "planning.plan"));   // paused: not in Hangfire until resumed
            Assert.True(await node.Services.GetRequiredService<JobSchedules>().SetCronAsync("maintenance.retention", "15 2 * * *", "test", CancellationToken.None));
            Assert.True(await node.Services.GetRequiredService<JobSchedules>().ResumeAsync("planning.plan", "test", CancellationToken.None));
        }
        await using (await StartAsync(cs))
        {
            Assert.Equal("15 2 * * *", await HangfireCronAsync(conn, "maintenance.retention"));
            Assert.Equal("0 0/15 * * * ?", await HangfireCronAsync(conn, "planning.plan"));
            Assert.Equal(3, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM job_schedules"));
        }
    }

    private static async Task<WebApplicationHandle> StartAsync(string cs)
    {
        var database = Database.ForConnectionString(cs);
        var app = ServerApp.Build(database, "http://127.0.0.1:0", "api");
        await app.StartAsync();
        return new WebApplicationHandle(app, database);
    }

    private static Task<string?> HangfireCronAsync(NpgsqlConnection conn, string job) =>
        conn.ExecuteScalarAsync<string?>("SELECT value FROM hangfire.hash WHERE key = @key AND field = 'Cron'", new { key = $"recurring-job:{job}" });

    private sealed class WebApplicationHandle(Microsoft.AspNetCore.Builder.WebApplication app, Database database) : IAsyncDisposable
    {
        public IServiceProvider Services => app.Services;

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
            await database.DisposeAsync();
        }
    }
}
