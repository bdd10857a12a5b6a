using System.Collections.Concurrent;
using Dapper;
using Npgsql;

namespace Logistics.Server.Auth;

/// <summary>
/// Creates keys and resolves presented ones. Resolved keys are cached briefly so a poll costs no
/// query, and so are prefixes found unknown, so the same wrong key sent again costs none either.
/// A change to a key (revoked, deleted, created) reaches every node within a second through
/// LISTEN/NOTIFY (<see cref="KeyChangeListener"/>), which forgets its prefix.
/// </summary>
internal sealed class ApiKeyStore(NpgsqlDataSource db, TimeProvider clock)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan UnknownFor = TimeSpan.FromSeconds(10);
    // Random keys each bring a new prefix: the unknown ones are forgotten wholesale past this many.
    private const int MaxUnknown = 10_000;
    private readonly ConcurrentDictionary<string, (byte[] Hash, Caller Caller, DateTimeOffset Until)> _cache = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _unknown = new();

    /// <summary>The channel a change to api_keys is announced on (by the trigger of sql/0018), with the key's prefix.</summary>
    public const string Channel = "api_keys_changed";

    /// <summary>Whether the presented key is one the cache knows as valid: no lookup needed.</summary>
    public bool IsKnown(string presented) =>
        ApiKey.PrefixOf(presented) is { } prefix && _cache.TryGetValue(prefix, out var hit) && hit.Until > clock.GetUtcNow() && ApiKey.Matches(presented, hit.Hash);

    /// <summary>A key changed: the next use of its prefix is looked up again.</summary>
    public void Forget(string prefix)
    {
        _cache.TryRemove(prefix, out _);
        _unknown.TryRemove(prefix, out _);
    }

    /// <summary>Changes may have been missed (the listener reconnected): look every key up again.</summary>
    public void ForgetAll()
    {
        _cache.Clear();
        _unknown.Clear();
    }

    private sealed record KeyRow(long Id, byte[] KeyHash, string Role, bool ReadOnly, long? MerchantId, string? MerchantCode, long? CarrierId, string? CarrierCode);

    public async Task<Caller?> ResolveAsync(string presented, CancellationToken ct)
    {
        if (ApiKey.PrefixOf(presented) is not { } prefix) return null;
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(prefix, out var hit) && hit.Until > now)
            return ApiKey.Matches(presented, hit.Hash) ? hit.Caller : null;
        if (_unknown.TryGetValue(prefix, out var unknownUntil) && unknownUntil > now) return null;

        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition("""
            SELECT k.id, k.key_hash, k.role, k.read_only, k.merchant_id, m.code AS merchant_code, k.carrier_id, c.code AS carrier_code
            FROM api_keys k
            LEFT JOIN merchants m ON m.id = k.merchant_id
            LEFT JOIN carriers c ON c.id = k.carrier_id
            WHERE k.prefix = @prefix AND k.revoked_at IS NULL
            """, new { prefix }, cancellationToken: ct));
        if (row is null)
        {
            if (_unknown.Count >= MaxUnknown) _unknown.Clear();
            _unknown[prefix] = now + UnknownFor;
            return null;
        }
        var caller = new Caller(row.Id, row.Role, row.ReadOnly, row.MerchantId, row.MerchantCode, row.CarrierId, row.CarrierCode);
        _cache[prefix] = (row.KeyHash, caller, now + CacheFor);
        return ApiKey.Matches(presented, row.KeyHash) ? caller : null;
    }

    /// <summary>Creates a key for a merchant, a carrier or ops; returns the key, which is never stored.</summary>
    public static async Task<string> CreateAsync(NpgsqlConnection conn, string role, string? ownerCode, bool readOnly, CancellationToken ct)
    {
        long? merchantId = null, carrierId = null;
        if (role == Roles.Merchant)
            merchantId = await conn.QuerySingleOrDefaultAsync<long?>(new CommandDefinition("SELECT id FROM merchants WHERE code = @ownerCode", new { ownerCode }, cancellationToken: ct))
                ?? throw new KeyOwnerNotFoundException($"no merchant '{ownerCode}': import the network first (logistics import network FILE)");
        if (role == Roles.Carrier)
            carrierId = await conn.QuerySingleOrDefaultAsync<long?>(new CommandDefinition("SELECT id FROM carriers WHERE code = @ownerCode", new { ownerCode }, cancellationToken: ct))
                ?? throw new KeyOwnerNotFoundException($"no carrier '{ownerCode}': import the network first (logistics import network FILE)");

        var (key, prefix, hash) = ApiKey.New();
        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO api_keys (prefix, key_hash, role, read_only, merchant_id, carrier_id)
            VALUES (@prefix, @hash, @role, @readOnly, @merchantId, @carrierId)
            """, new { prefix, hash, role, readOnly, merchantId, carrierId }, cancellationToken: ct));
        return key;
    }
}

internal sealed class KeyOwnerNotFoundException(string message) : Exception(message);
