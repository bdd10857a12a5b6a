using System.Text.Json;
using Logistics.Server.Alerts;
using Logistics.Server.Auth;
using Logistics.Server.Dashboard;
using Logistics.Server.Capacity;
using Logistics.Server.Health;
using Logistics.Server.Infrastructure;
using Logistics.Server.Jobs;
using Logistics.Server.Maintenance;
using Logistics.Server.Planning;
using Logistics.Server.Network;
using Logistics.Server.Storage;
using Logistics.Server.Uploads;
using Logistics.Server.WhatIf;
using Logistics.Server.Windows;

namespace Logistics.Server;

/// <summary>Builds the web host `serve` runs; the tests build the very same one.</summary>
internal static class ServerApp
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplication Build(Database database, string urls, string role = "all", string[]? args = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args ?? [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(urls);
        ConfigureLogging(builder.Logging);

        var s = builder.Services;
        s.AddSingleton(database);
        s.AddSingleton(database.DataSource);
        s.AddSingleton(TimeProvider.System);
        s.AddSingleton<DatabaseRestarts>();
        if (database.Embedded is { } embedded)
            s.AddHostedService(sp => new EmbeddedPostgresSupervisor(embedded, database.DataSource, sp.GetRequiredService<DatabaseRestarts>(),
                sp.GetRequiredService<ILogger<EmbeddedPostgresSupervisor>>()));
        s.AddSingleton(_ => new MigrationRunner(database.DataSource, Migration.LoadAll()));
        s.AddSingleton<Ingest.BulkIngest>();
        s.AddApiKeyAuth();
        var runJobs = role is "all" or "worker";
        s.AddLogisticsJobs(database.ConnectionString, runJobs, builder.Configuration);
        // Each feature declares its own jobs and retention steps.
        s.AddAlerts();
        s.AddWindows();
        s.AddUploads();
        s.AddPlanning();
        s.AddWhatIf();
        s.AddSingleton<Regions.RegionStatusCache>();
        s.AddMaintenance();
        s.AddCapacity(builder.Configuration, runJobs);
        s.AddDashboard();
        s.AddLogisticsProblems();
        s.AddApiGuards(builder.Configuration);
        s.AddLogisticsOpenApi();
        s.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        });

        var app = builder.Build();
        app.UseApiGuards();
        app.UseLogisticsProblems();
        // Before authentication: a flood is turned away by client address before any key is looked up.
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        // After authorization: a caller without a key hears 401 before anything about its query.
        app.UseQueryCheck();
        app.UseAntiforgery();
        app.MapHealth();
        if (role is "all" or "api")
        {
            app.MapUploads();
            app.MapNetwork();
            app.MapAlerts();
            app.MapWindows();
            Regions.RegionEndpoints.MapRegions(app);
            Carriers.CarrierEndpoints.MapCarriers(app);
            WhatIf.WhatIfEndpoints.MapWhatIf(app);
            PlanningEndpoints.MapPlanning(app);
            app.MapOpenApi("/openapi/{documentName}.json");
            Docs.DocsEndpoints.MapDocs(app);
            app.MapDashboard();
            app.MapCapacity();
        }
        // Every endpoint's request delegate is built here, at start, instead of on the first request.
        foreach (var source in ((IEndpointRouteBuilder)app).DataSources) _ = source.Endpoints.Count;
        return app;
    }

    internal static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("LOGISTICS_LOG_FORMAT") == "json")
            logging.AddJsonConsole(o => { o.IncludeScopes = true; o.UseUtcTimestamp = true; o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ"; });
        else
            logging.AddSimpleConsole(o => { o.SingleLine = true; o.UseUtcTimestamp = true; o.TimestampFormat = "HH:mm:ss "; });
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Hangfire", LogLevel.Warning);
        // The authentication handler logs each failed or challenged request at Information: under a
        // flood of made-up keys that is two lines a request, costing more than answering it.
        logging.AddFilter(typeof(Auth.ApiKeyAuthenticationHandler).FullName, LogLevel.Warning);
    }
}
