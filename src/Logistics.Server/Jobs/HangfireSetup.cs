using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Npgsql;

namespace Logistics.Server.Jobs;

/// <summary>
/// Hangfire on our own PostgreSQL (schema "hangfire", installed by `migrate`): sliding invisibility
/// so a dead node's job is taken over, LISTEN/NOTIFY so a job enqueued on an API node starts at
/// once. Each feature declares its own jobs (AddRecurringJob and its job classes); this wires the
/// store, the client every node has, and on worker nodes the server.
/// </summary>
internal static class HangfireSetup
{
    /// <summary>
    /// Hangfire's global filters (process-wide) retry every job ten times; every job here declares
    /// its own AutomaticRetry, and one that did not would be retried never rather than ten times.
    /// </summary>
    private static readonly Lazy<bool> NoDefaultRetries = new(() =>
    {
        GlobalJobFilters.Filters.Remove<AutomaticRetryAttribute>();
        GlobalJobFilters.Filters.Add(new AutomaticRetryAttribute { Attempts = 0 });
        return true;
    });

    /// <summary>
    /// Hangfire logs through one process-wide provider (GlobalConfiguration), which its ASP.NET Core
    /// wiring sets to the last host's logger factory; when that host stops, its factory is disposed
    /// and every other host's job server fails to log (in the tests, where hosts come and go in one
    /// process, their jobs then never ran). The provider here uses a factory of the process's own,
    /// configured as every host's is, that nothing disposes.
    /// </summary>
    private static readonly Lazy<Hangfire.Logging.ILogProvider> ProcessLogProvider = new(() =>
        new Hangfire.AspNetCore.AspNetCoreLogProvider(LoggerFactory.Create(ServerApp.ConfigureLogging)));

    /// <param name="runJobs">
    /// true on worker nodes (`serve --role worker|all`): a BackgroundJobServer runs the queues. API
    /// nodes only enqueue into the shared store; a worker picks the job up.
    /// </param>
    public static IServiceCollection AddLogisticsJobs(this IServiceCollection services, string connectionString, bool runJobs, IConfiguration config)
    {
        var options = JobOptions.From(config);
        services.AddSingleton(options);
        var storage = new PostgreSqlStorageOptions
        {
            SchemaName = JobStorageSchema.Name,
            PrepareSchemaIfNecessary = false,   // `migrate` installs it, under our lock
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = options.InvisibilityTimeout,
            EnableLongPolling = true,
            QueuePollInterval = TimeSpan.FromSeconds(options.JobPollSeconds),
            // Also how old a lock row must be to count as left by a dead node: Hangfire's locks are
            // held for milliseconds, and a node killed holding one stalled every other node's
            // recurring jobs (and a start's schedule sync) until the row was this old.
            DistributedLockTimeout = TimeSpan.FromSeconds(10),
        };
        // The LISTEN connection of long polling reconnects from the connection's own string, which
        // keeps the password only when asked to.
        var cs = new NpgsqlConnectionStringBuilder(connectionString) { PersistSecurityInfo = true }.ConnectionString;
        // Hangfire's ASP.NET Core wiring hands every host the process-wide JobStorage.Current and
        // JobActivator.Current (the last one configured). Each host here has its own, so a process
        // with several hosts (the tests) never runs one host's jobs on another's database.
        services.AddSingleton<JobStorage>(new PostgreSqlStorage(new NpgsqlConnectionFactory(cs, storage), storage));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, c) => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(ProcessLogProvider.Value)
            .UseStorage(sp.GetRequiredService<JobStorage>()));
        _ = NoDefaultRetries.Value;
        services.AddSingleton<JobSchedules>();
        services.AddHostedService<JobScheduleSync>();
        if (runJobs)
            services.AddHangfireServer(o =>
            {
                o.ServerName = options.Node;
                o.Queues = JobQueues.All;
                o.WorkerCount = options.JobWorkers;
                o.SchedulePollingInterval = TimeSpan.FromSeconds(options.SchedulePollSeconds);
                o.HeartbeatInterval = TimeSpan.FromSeconds(10);
                o.ServerCheckInterval = TimeSpan.FromSeconds(30);
                o.ServerTimeout = TimeSpan.FromMinutes(1);
            });
        return services;
    }
}
