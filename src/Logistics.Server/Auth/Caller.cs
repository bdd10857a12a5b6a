using System.Security.Claims;

namespace Logistics.Server.Auth;

/// <summary>Who is calling: a key's role, owner and whether it may change anything.</summary>
public sealed record Caller(long KeyId, string Role, bool ReadOnly, long? MerchantId, string? MerchantCode, long? CarrierId, string? CarrierCode)
{
    public bool IsOps => Role == Roles.Ops;
    public bool IsMerchant => Role == Roles.Merchant;
    public bool IsCarrier => Role == Roles.Carrier;

    /// <summary>The feed the caller reads ("ops", or "m:" and its merchant id): cursors and ETags are signed for it.</summary>
    public string Feed => IsOps ? "ops" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"m:{MerchantId}");

    internal const string ClaimKeyId = "key_id";
    internal const string ClaimReadOnly = "read_only";
    internal const string ClaimMerchantId = "merchant_id";
    internal const string ClaimMerchantCode = "merchant";
    internal const string ClaimCarrierId = "carrier_id";
    internal const string ClaimCarrierCode = "carrier";

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimKeyId, KeyId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Role, Role),
            new(ClaimReadOnly, ReadOnly ? "true" : "false"),
        };
        if (MerchantId is { } m) claims.AddRange([new(ClaimMerchantId, m.ToString(System.Globalization.CultureInfo.InvariantCulture)), new(ClaimMerchantCode, MerchantCode!)]);
        if (CarrierId is { } c) claims.AddRange([new(ClaimCarrierId, c.ToString(System.Globalization.CultureInfo.InvariantCulture)), new(ClaimCarrierCode, CarrierCode!)]);
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static Caller From(ClaimsPrincipal user)
    {
        string? Get(string type) => user.FindFirst(type)?.Value;
        long? Long(string type) => Get(type) is { } v ? long.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : null;
        return new Caller(Long(ClaimKeyId) ?? 0, Get(ClaimTypes.Role) ?? "", Get(ClaimReadOnly) == "true",
            Long(ClaimMerchantId), Get(ClaimMerchantCode), Long(ClaimCarrierId), Get(ClaimCarrierCode));
    }
}

public static class Roles
{
    public const string Merchant = "merchant";
    public const string Carrier = "carrier";
    public const string Ops = "ops";
}

/// <summary>Authorization policies the endpoints name.</summary>
public static class Policies
{
    public const string Ops = "ops";
    public const string OpsWrite = "ops-write";
    public const string MerchantOrOps = "merchant-or-ops";
    public const string CarrierOrOps = "carrier-or-ops";
    public const string CarrierOrOpsWrite = "carrier-or-ops-write";
    public const string AnyKey = "any-key";
}
