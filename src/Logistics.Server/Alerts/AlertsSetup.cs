using Logistics.Server.Maintenance;

namespace Logistics.Server.Alerts;

internal static class AlertsSetup
{
    /// <summary>The feed's state (caught up by NOTIFY) and the feed's and cleared alerts' retention.</summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.AddSingleton<FeedState>();
        services.AddHostedService(sp => sp.GetRequiredService<FeedState>());
        services.AddRetentionStep(new FeedRetention());
        services.AddRetentionStep(ClearedAlertRetention.Step);
        return services;
    }
}
