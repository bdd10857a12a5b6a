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
    public static IServiceCollection AddLogisticsQuartz(this IServiceCollection services, string connectionString, bool runJobs)
    {
        services.AddQuartz(q =>
        {
            q.UsePersistentStore(s =>
            {
                s.UsePostgres(connectionString);
                s.UseSystemTextJsonSerializer();
                s.UseClustering();
                s.UseExecutionHistory();
                s.ProvisionSchema();
                s.ConfigureStore(o => o.TablePrefix = "quartz.qrtz_");
            });
            q.UseDefaultThreadPool(tp => tp.MaxConcurrency = Math.Max(2, Environment.ProcessorCount));
        });
        services.AddSingleton(new JobCatalog()
            .Add<RetentionJob>(RetentionJob.Key, "Deletes rejected uploads past the retention period", "0 30 3 * * ?")
            .Add<Ingest.IngestUploadJob>(Ingest.IngestUploadJob.Key, "Validates and loads one uploaded signals or outcomes file", defaultCron: null));
        services.AddHostedService<JobCatalogInitializer>();
        if (runJobs)
            services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
