namespace Logistics.Server.Maintenance;

internal static class RetentionSetup
{
    /// <summary>Registers a feature's retention step; the daily retention job runs it.</summary>
    public static IServiceCollection AddRetentionStep(this IServiceCollection services, IRetentionStep step) =>
        services.AddSingleton(step);
}
