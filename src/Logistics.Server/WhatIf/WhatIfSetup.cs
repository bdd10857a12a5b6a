using Logistics.Server.Maintenance;

namespace Logistics.Server.WhatIf;

internal static class WhatIfSetup
{
    /// <summary>The what-if run and its job; its clock is the planning run's (LOGISTICS_CLOCK), so both see the same alerts in force.</summary>
    public static IServiceCollection AddWhatIf(this IServiceCollection services)
    {
        services.AddSingleton(sp => new WhatIfRun(sp.GetRequiredService<Npgsql.NpgsqlDataSource>(), Infrastructure.ServiceClock.Current,
            sp.GetRequiredService<ILogger<WhatIfRun>>()));
        services.AddTransient<WhatIfJob>();
        services.AddRetentionStep(WhatIfRetention.Step);
        return services;
    }
}
