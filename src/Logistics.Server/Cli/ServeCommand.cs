using Logistics.Server.Storage;

namespace Logistics.Server.Cli;

internal static class ServeCommand
{
    public static readonly string[] Roles = ["all", "api", "worker"];

    /// <param name="role">all, api or worker (the parser allows no other).</param>
    public static async Task<int> RunAsync(string role, string? urlsGiven, TextWriter stdout, CancellationToken ct)
    {
        var urls = urlsGiven ?? Environment.GetEnvironmentVariable("LOGISTICS_URLS") ?? ServerApp.DefaultUrl;

        ListenAddresses.EnsureFree(urls);   // before the database is started and migrated for nothing
        await using var db = await CommandLine.OpenMigratedAsync(ct);
        await HostAsync(db, urls, role, listening => $"logistics {role} listening on {listening} ({db.Description}); Ctrl+C stops", stdout, ct);
        return 0;
    }

    /// <summary>Runs the web host until Ctrl+C or SIGTERM; <paramref name="banner"/> is told where it listens.</summary>
    public static async Task HostAsync(Database db, string urls, string role, Func<string, string> banner, TextWriter stdout, CancellationToken ct)
    {
        await using var app = ServerApp.Build(db, urls, role);
        try { await app.StartAsync(ct); }
        catch (IOException e) when (ListenAddresses.IsAddressInUse(e))
        {
            throw new CommandFailedException(ListenAddresses.InUse(urls));
        }
        stdout.WriteLine(banner(string.Join(", ", app.Urls)));
        try { await app.WaitForShutdownAsync(ct); }
        catch (OperationCanceledException) { }
        await app.StopAsync(CancellationToken.None);
    }
}
