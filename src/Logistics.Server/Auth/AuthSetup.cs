using Microsoft.AspNetCore.Authentication;

namespace Logistics.Server.Auth;

internal static class AuthSetup
{
    public static IServiceCollection AddApiKeyAuth(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<KeyLookupBudget>();
        services.AddHostedService<KeyChangeListener>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.AnyKey, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.Ops, p => p.RequireRole(Roles.Ops))
            .AddPolicy(Policies.OpsWrite, p => p.RequireRole(Roles.Ops).RequireClaim(Caller.ClaimReadOnly, "false"))
            .AddPolicy(Policies.MerchantOrOps, p => p.RequireRole(Roles.Merchant, Roles.Ops))
            .AddPolicy(Policies.CarrierOrOps, p => p.RequireRole(Roles.Carrier, Roles.Ops))
            .AddPolicy(Policies.CarrierOrOpsWrite, p => p.RequireRole(Roles.Carrier, Roles.Ops).RequireClaim(Caller.ClaimReadOnly, "false"));
        return services;
    }
}
