namespace Logistics.Server.Capacity;

internal static class CapacitySetup
{
    public static IServiceCollection AddCapacity(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(CapacityOptions.From(config));
        services.AddSingleton<CapacityLoader>();
        services.AddSingleton<CapacityInbox>();
        services.AddTransient<CapacityLoadJob>();
        services.AddTransient<CapacitySweepJob>();
        return services;
    }
}
