using Quartz;

namespace Logistics.Server.Jobs;

/// <summary>
/// Quartz on our own PostgreSQL: clustered ADO store in schema "quartz" (created by sql/0001,
/// tables provisioned by Quartz at start), System.Text.Json job data, execution history kept in the
/// database so every node and the dashboard see one history.
/// </summary>
internal static class QuartzSetup
{

    /// <param name="runJobs">
    /// true on worker nodes: the scheduler starts and executes jobs. API nodes only schedule into the
    /// shared store; a worker picks the job up.
    /// </param>
    public static IServiceCollection AddLogisticsQuartz(this IServiceCollection services, string connectionString, bool runJobs, IConfiguration config)
    {
        services.AddQuartz(q =>
        {
            // A node's name in the cluster (dashboard, history); generated from the host when unset.
            var node = config["Logistics:NodeName"];
            // A trigger another node schedules (an upload arriving at an API node) is noticed at the
            // next poll; Quartz's 30 s default would leave uploads waiting that long.
            var poll = TimeSpan.FromSeconds(config.GetValue("Logistics:JobPollSeconds", 2.0));
            q.ConfigureScheduler(o =>
            {
                o.IdleWaitTime = poll;
                if (node is { Length: > 0 }) { o.InstanceId = node; o.GenerateInstanceId = false; }
            });
            q.UsePersistentStore(s =>
            {
                s.UsePostgres(connectionString);
                s.UseSystemTextJsonSerializer();
                // A dead node's jobs are taken over after about two check-ins (default 7.5 s).
                var checkin = TimeSpan.FromSeconds(config.GetValue("Logistics:ClusterCheckinSeconds", 7.5));
                s.UseClustering(c => { c.CheckinInterval = checkin; c.CheckinMisfireThreshold = checkin; });
                s.UseExecutionHistory();
                s.ProvisionSchema();
                s.ConfigureStore(o => o.TablePrefix = "quartz.qrtz_");
            });
            q.UseDefaultThreadPool(tp => tp.MaxConcurrency = Math.Max(2, Environment.ProcessorCount));
        });
        // Job history is kept as long as everything else (Logistics:RetentionDays), in the database.
        var retention = TimeSpan.FromDays(config.GetValue("Logistics:RetentionDays", 30));
        services.Configure<ExecutionHistoryOptions>(o => { o.Retention = retention; o.MisfireRetention = retention; });
        services.AddSingleton(new JobCatalog()
            .Add<RetentionJob>(RetentionJob.Key, "Removes what is older than the retention period: old feed events, superseded runs and their windows, cleared alerts, rejected uploads", "0 30 3 * * ?")
            .Add<Planning.PlanningJob>(Planning.PlanningJob.Key, "Plans every active campaign: forecast, shave the peak, alerts, publish", Planning.PlanningJob.DefaultCron)
            .Add<Ingest.IngestUploadJob>(Ingest.IngestUploadJob.Key, "Validates and loads one uploaded signals or outcomes file", defaultCron: null)
            .Add<Capacity.CapacityLoadJob>(Capacity.CapacityLoadJob.Key, "Loads one staged capacity upload into the history", defaultCron: null)
            .Add<Capacity.CapacitySweepJob>(Capacity.CapacitySweepJob.Key, "Loads files dropped in the capacity inbox and re-queues stranded loads",
                Capacity.CapacitySweepJob.CronEvery(Capacity.CapacityOptions.From(config).SweepSeconds))
            // The sweep's trigger before it joined the catalog (a simple interval in group "capacity").
            .Retire(new TriggerKey("sweep", "capacity")));
        services.AddHostedService<JobCatalogInitializer>();
        if (runJobs)
            services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
