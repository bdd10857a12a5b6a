using Logistics.Server.Auth;

namespace Logistics.Server.Cli;

internal static class KeysCommand
{
    /// <summary>Which owner options a `keys create` line may combine; the parser reports the breach as bad usage.</summary>
    public static string? Invalid(string? merchant, string? carrier, bool ops, bool readOnly) =>
        (merchant is not null ? 1 : 0) + (carrier is not null ? 1 : 0) + (ops ? 1 : 0) != 1 ? "give exactly one of --merchant CODE, --carrier CODE or --ops"
        : readOnly && !ops ? "--read-only applies to --ops keys"
        : null;

    public static async Task<int> RunAsync(string? merchant, string? carrier, bool ops, bool readOnly, TextWriter stdout, CancellationToken ct)
    {

        var (role, owner) = merchant is not null ? (Roles.Merchant, merchant) : carrier is not null ? (Roles.Carrier, carrier) : (Roles.Ops, (string?)null);
        await using var db = await CommandLine.OpenMigratedAsync(ct);
        await using var conn = await db.DataSource.OpenConnectionAsync(ct);
        var key = await ApiKeyStore.CreateAsync(conn, role, owner, readOnly, ct);
        stdout.WriteLine($"new {(readOnly ? "read-only " : "")}{role} key{(owner is null ? "" : $" for {owner}")}; shown once, only its hash is stored:");
        stdout.WriteLine(key);
        return 0;
    }
}
