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

        await using var db = await CommandLine.OpenMigratedAsync(ct);
        await using var app = ServerApp.Build(db, urls, role);
        await app.StartAsync(ct);
        stdout.WriteLine($"logistics {role} listening on {string.Join(", ", app.Urls)} ({db.Description}); Ctrl+C stops");
        try { await app.WaitForShutdownAsync(ct); }
        catch (OperationCanceledException) { }
        await app.StopAsync(CancellationToken.None);
        return 0;
    }
}
