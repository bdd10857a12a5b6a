using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Logistics.Server.Auth;

/// <summary>Authorization: Bearer &lt;key&gt;; a missing, malformed or unknown key is 401.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys, KeyLookupBudget budget)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private const string Throttled = "unknown-keys-throttled";
    private const int ThrottledRetrySeconds = 60;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Context.Items.TryGetValue(nameof(Caller), out var preset) && preset is Caller already)
            return AuthenticateResult.Success(new AuthenticationTicket(already.ToPrincipal(SchemeName), SchemeName));

        string header = Request.Headers.Authorization.ToString();
        if (header.Length == 0) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("the Authorization header must be 'Bearer <key>'");
        var presented = header["Bearer ".Length..].Trim();
        var address = KeyLookupBudget.AddressOf(Context);
        var known = keys.IsKnown(presented);
        if (!known && !budget.TryBegin(address))
        {
            // No lookup: this address has presented too many unknown keys lately.
            Context.Items[Throttled] = true;
            return AuthenticateResult.Fail("too many unknown API keys from this address");
        }
        Caller? caller = null;
        var answered = false;
        try { caller = await keys.ResolveAsync(presented, Context.RequestAborted); answered = true; }
        // A lookup the database could not answer charges nothing.
        finally { if (!known) budget.End(address, unknown: answered && caller is null); }
        if (caller is null) return AuthenticateResult.Fail("unknown or revoked API key");
        return AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(SchemeName), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(Throttled))
        {
            Response.Headers.RetryAfter = ThrottledRetrySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problems.Write(Context, Problems.RateLimited,
                $"this address presented more than {budget.PerMinute} unknown API keys a minute; retry in {ThrottledRetrySeconds} s");
        }
        // RFC 6750: say which scheme to use, and that the key given (if any) was refused.
        Response.Headers.WWWAuthenticate = Request.Headers.Authorization.Count == 0 ? "Bearer" : "Bearer error=\"invalid_token\"";
        return Problems.Write(Context, Problems.Unauthorized,
            Request.Headers.Authorization.Count == 0 ? "send your API key as 'Authorization: Bearer <key>'" : "the API key is unknown, revoked or malformed");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, Problems.Forbidden, "this key's role may not use this endpoint");
}
