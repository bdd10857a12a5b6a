using Logistics.Server.Auth;

namespace Logistics.Server.Cli;

internal static class KeysCommand
{
    public static async Task<int> RunAsync(Args args, TextWriter stdout, CancellationToken ct)
    {
        if (args.Words is not ["create"]) throw new UsageException("usage: keys create (--merchant CODE | --carrier CODE | --ops [--read-only])");
        var merchant = args.Option("merchant");
        var carrier = args.Option("carrier");
        var ops = args.Flag("ops");
        var readOnly = args.Flag("read-only");
        args.RejectUnknown();
        if ((merchant is not null ? 1 : 0) + (carrier is not null ? 1 : 0) + (ops ? 1 : 0) != 1)
            throw new UsageException("give exactly one of --merchant CODE, --carrier CODE or --ops");
        if (readOnly && !ops) throw new UsageException("--read-only applies to --ops keys");

        var (role, owner) = merchant is not null ? (Roles.Merchant, merchant) : carrier is not null ? (Roles.Carrier, carrier) : (Roles.Ops, (string?)null);
        await using var db = await CommandLine.OpenMigratedAsync(ct);
        await using var conn = await db.DataSource.OpenConnectionAsync(ct);
        var key = await ApiKeyStore.CreateAsync(conn, role, owner, readOnly, ct);
        stdout.WriteLine($"new {(readOnly ? "read-only " : "")}{role} key{(owner is null ? "" : $" for {owner}")}; shown once, only its hash is stored:");
        stdout.WriteLine(key);
        return 0;
    }
}
