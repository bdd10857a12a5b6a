using Logistics.Server.Storage;

namespace Logistics.Server.Cli;

internal static class ServeCommand
{
    private static readonly string[] RolesAllowed = ["all", "api", "worker"];

    public static async Task<int> RunAsync(Args args, TextWriter stdout, CancellationToken ct)
    {
        var role = args.Option("role") ?? "all";
        var urls = args.Option("urls") ?? Environment.GetEnvironmentVariable("LOGISTICS_URLS") ?? ServerApp.DefaultUrl;
        args.RejectUnknown();
        if (args.Words.Count > 0) throw new UsageException($"serve takes no arguments, got '{args.Words[0]}'");
        if (!RolesAllowed.Contains(role)) throw new UsageException($"--role is one of {string.Join(", ", RolesAllowed)}, not '{role}'");

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
