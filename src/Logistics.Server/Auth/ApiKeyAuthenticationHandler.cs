using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Logistics.Server.Auth;

/// <summary>Authorization: Bearer &lt;key&gt;; a missing, malformed or unknown key is 401.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Context.Items.TryGetValue(nameof(Caller), out var preset) && preset is Caller already)
            return AuthenticateResult.Success(new AuthenticationTicket(already.ToPrincipal(SchemeName), SchemeName));

        string header = Request.Headers.Authorization.ToString();
        if (header.Length == 0) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("the Authorization header must be 'Bearer <key>'");
        var caller = await keys.ResolveAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (caller is null) return AuthenticateResult.Fail("unknown or revoked API key");
        return AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(SchemeName), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, Problems.Unauthorized,
            Request.Headers.Authorization.Count == 0 ? "send your API key as 'Authorization: Bearer <key>'" : "the API key is unknown, revoked or malformed");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, Problems.Forbidden, "this key's role may not use this endpoint");
}
