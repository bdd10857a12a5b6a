using Logistics.Server.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Logistics.Server.Dashboard;

internal static class LoginEndpoints
{
    public static void MapDashboardLogin(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ops/login", (HttpContext http) => LoginPage(http, null)).AllowAnonymous().ExcludeFromDescription();

        app.MapPost("/ops/login", async ([FromForm] string key, HttpContext http, ApiKeyStore keys, LoginThrottle throttle) =>
        {
            var address = KeyLookupBudget.AddressOf(http);
            if (throttle.LockedFor(address) is { } locked && locked > TimeSpan.Zero)
            {
                var retry = (int)Math.Ceiling(locked.TotalSeconds);
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return LoginPage(http, $"Too many wrong keys from this address: try again in {Math.Ceiling(locked.TotalMinutes)} min.");
            }
            var caller = await keys.ResolveAsync(key.Trim(), http.RequestAborted);
            if (caller is not { IsOps: true })
            {
                // Held back, so guessing costs the guesser time; the delay grows with each failure.
                await Task.Delay(throttle.Failed(address), http.RequestAborted);
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return LoginPage(http, caller is null ? "That key is unknown or revoked." : "Only ops keys open the dashboard.");
            }
            throttle.Succeeded(address);
            await http.SignInAsync(DashboardSetup.CookieScheme, caller.ToPrincipal(DashboardSetup.CookieScheme));
            return Results.Redirect("/ops");
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapPost("/ops/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(DashboardSetup.CookieScheme);
            return Results.Redirect("/ops/login");
        }).RequireAuthorization(DashboardSetup.ViewPolicy).ExcludeFromDescription();
    }

    private static IResult LoginPage(HttpContext http, string? error)
    {
        var message = error is null ? "" : $"<p class=\"error\" role=\"alert\">{Html.E(error)}</p>";
        return Results.Content($"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Log in · Logistics ops</title>
            <style>body{"{"}font:14px system-ui,sans-serif;display:grid;place-items:center;height:90vh;background:#f6f7f9{"}"}
            form{"{"}background:#fff;padding:2em;border:1px solid #ddd{"}"} input{"{"}width:28em;padding:.4em{"}"}</style></head>
            <body><form method="post" action="/ops/login"><h1>Logistics ops</h1>{message}
            <label>Ops API key<br><input type="password" name="key" autocomplete="off" autofocus required></label>
            {Html.Token(http)}<p><button type="submit">Log in</button></p></form></body></html>
            """, "text/html; charset=utf-8", statusCode: http.Response.StatusCode);
    }
}
