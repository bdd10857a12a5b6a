using Logistics.Server.Maintenance;

namespace Logistics.Server.Uploads;

internal static class UploadsSetup
{
    /// <summary>The small uploads' processor, and the retention of rejected and failed uploads of every kind.</summary>
    public static IServiceCollection AddUploads(this IServiceCollection services)
    {
        services.AddSingleton<SmallUploadProcessor>();
        services.AddRetentionStep(UploadRetention.Step);
        return services;
    }
}
