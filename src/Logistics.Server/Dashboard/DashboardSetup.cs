using Logistics.Server.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Logistics.Server.Dashboard;

/// <summary>
/// The dashboard accepts an ops key either as a Bearer header or through a login form that sets an
/// HttpOnly, SameSite=Strict session cookie; every action is a POST with an anti-forgery token. The
/// policy guards our pages and Hangfire's dashboard under /ops/jobs alike; the cookies' path, /ops, covers both.
/// </summary>
internal static class DashboardSetup
{
    public const string CookieScheme = "ops-session";
    public const string UiScheme = "ops-ui";
    public const string ViewPolicy = "ops-dashboard";

    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DataProtectionKeyStore(sp.GetRequiredService<NpgsqlDataSource>())));
        services.AddDataProtection().SetApplicationName("logistics");

        services.AddAuthentication()
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "logistics_ops";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Cookie.Path = "/ops";
                o.LoginPath = "/ops/login";
                o.LogoutPath = "/ops/logout";
                o.AccessDeniedPath = "/ops/login";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                // A forged or read-only POST is a plain 403, not a redirect to the login page.
                o.Events.OnRedirectToAccessDenied = ctx => { ctx.Response.StatusCode = 403; return Task.CompletedTask; };
            })
            // A request carrying a Bearer key is judged by the key; a browser by its session cookie.
            .AddPolicyScheme(UiScheme, "ops dashboard", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.Count > 0 ? ApiKeyAuthenticationHandler.SchemeName : CookieScheme);

        services.AddAuthorizationBuilder()
            .AddPolicy(ViewPolicy, p => p.AddAuthenticationSchemes(UiScheme).RequireRole(Roles.Ops));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "logistics_ops_af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.Path = "/ops";
            o.FormFieldName = "_csrf";
        });
        return services;
    }
}
