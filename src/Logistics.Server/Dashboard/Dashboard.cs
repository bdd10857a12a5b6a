namespace Logistics.Server.Dashboard;

internal static class Dashboard
{
    public static Auth.Caller Caller(HttpContext http) => Auth.Caller.From(http.User);
}
