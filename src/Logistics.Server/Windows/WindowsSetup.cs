using Logistics.Server.Maintenance;
using Logistics.Server.Planning;

namespace Logistics.Server.Windows;

internal static class WindowsSetup
{
    /// <summary>Windows of superseded runs go with the runs' retention.</summary>
    public static IServiceCollection AddWindows(this IServiceCollection services) =>
        services.AddRetentionStep(SupersededRunRows.For("merchant_windows"));
}
