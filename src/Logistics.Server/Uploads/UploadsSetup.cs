using Logistics.Server.Capacity;
using Logistics.Server.Maintenance;
using Npgsql;

namespace Logistics.Server.Uploads;

internal static class UploadsSetup
{
    /// <summary>The intake every upload goes through, and the retention of rejected and failed uploads of every kind.</summary>
    public static IServiceCollection AddUploads(this IServiceCollection services)
    {
        services.AddSingleton(sp => new IntakeContext(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<IConfiguration>(),
            sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<CapacityOptions>(), sp.GetRequiredService<CapacityRequestLoad>().MaxHours));
        services.AddSingleton<UploadIntake>();
        services.AddRetentionStep(UploadRetention.Step);
        return services;
    }
}
