using System.Globalization;
using System.Threading.RateLimiting;
using Logistics.Server.Alerts;
using Microsoft.AspNetCore.Diagnostics;

namespace Logistics.Server;

/// <summary>
/// What every API answer shares: X-Poll-Interval, rate limits answered with 429 and Retry-After
/// (per client address, checked before the key is looked up, then per key), and 503 with
/// Retry-After while the database is unreachable (the process stays up and Npgsql reconnects by
/// itself when it returns).
/// </summary>
internal static class ApiGuards
{
    private const int RetryAfterSeconds = 5;

    public static IServiceCollection AddApiGuards(this IServiceCollection services, IConfiguration config)
    {
        var perMinute = config.GetValue("Logistics:RateLimitPerMinute", 600);
        var perAddress = config.GetValue("Logistics:RateLimitPerAddressPerMinute", 6000);
        var keyLimits = new KeyRateLimits(perMinute);
        services.AddSingleton(keyLimits);
        services.AddRateLimiter(o =>
        {
            // Every /v1 request counts first against its client address (before anything is looked
            // up, so a flood of made-up keys runs out here), then against its key (or, without one,
            // its address again).
            var byAddress = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                !http.Request.Path.StartsWithSegments("/v1") ? RateLimitPartition.GetNoLimiter("unlimited")
                    : Bucket("address:" + Auth.KeyLookupBudget.AddressOf(http), perAddress));
            var byKey = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                if (!http.Request.Path.StartsWithSegments("/v1")) return RateLimitPartition.GetNoLimiter("unlimited");
                var auth = http.Request.Headers.Authorization.ToString();
                return Bucket(auth.Length > 25 ? "key:" + auth[..25] : "address:" + Auth.KeyLookupBudget.AddressOf(http), perMinute);
            });
            keyLimits.Limiter = byKey;
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(byAddress, byKey);
            o.OnRejected = async (ctx, ct) =>
            {
                var retry = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? (int)Math.Ceiling(after.TotalSeconds) : 60;
                ctx.HttpContext.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
                await Problems.Write(ctx.HttpContext, Problems.RateLimited,
                    $"over the limit of {perMinute} requests a minute per key ({perAddress} per client address); retry in {retry} s");
            };
        });
        return services;
    }

    private static RateLimitPartition<string> Bucket(string partition, int perMinute) =>
        RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute, TokensPerPeriod = perMinute, ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0, AutoReplenishment = true,
        });

    public static void UseApiGuards(this WebApplication app)
    {
        app.UseExceptionHandler(errors => errors.Run(async http =>
        {
            var error = http.Features.Get<IExceptionHandlerFeature>()?.Error;
            if (IsDatabaseDown(error))
            {
                http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await Problems.Write(http, Problems.DatabaseUnavailable, "the database is unreachable; retry shortly");
                return;
            }
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Logistics.Server.Unhandled")
                .LogError(error, "unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
            await Problems.Write(http, Problems.Internal, "an unexpected error; it has been logged");
        }));
        app.Use((http, next) =>
        {
            if (http.Request.Path.StartsWithSegments("/v1"))
                http.Response.OnStarting(() =>
                {
                    var feed = http.RequestServices.GetRequiredService<FeedState>();
                    var clock = http.RequestServices.GetRequiredService<TimeProvider>();
                    // An upload's status sets its own (short while it works).
                    if (!http.Response.Headers.ContainsKey("X-Poll-Interval"))
                        http.Response.Headers["X-Poll-Interval"] = PollInterval.Seconds(feed.Campaigns.Values, clock.GetUtcNow()).ToString(CultureInfo.InvariantCulture);
                    // The key's budget, in the IETF RateLimit fields: the limiter's own count of what is left.
                    var limits = http.RequestServices.GetRequiredService<KeyRateLimits>();
                    http.Response.Headers["RateLimit-Policy"] = limits.Policy;
                    if (limits.Remaining(http) is { } left) http.Response.Headers["RateLimit"] = string.Create(CultureInfo.InvariantCulture, $"\"per-key\";r={left}");
                    // Every /v1 answer is the key's own: no shared cache may hand it to another key.
                    http.Response.Headers.CacheControl = "private";
                    http.Response.Headers.Vary = "Authorization";
                    return Task.CompletedTask;
                });
            return next(http);
        });
    }

    private static bool IsDatabaseDown(Exception? e) => e switch
    {
        null => false,
        Npgsql.PostgresException pg => pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState.StartsWith("08", StringComparison.Ordinal),
        Npgsql.NpgsqlException or System.Net.Sockets.SocketException or TimeoutException => true,
        _ => IsDatabaseDown(e.InnerException),
    };
}

/// <summary>The per-key limiter, kept so an answer can say how much of the key's minute is left.</summary>
internal sealed class KeyRateLimits(int perMinute)
{
    public PartitionedRateLimiter<HttpContext>? Limiter { get; set; }

    public string Policy { get; } = string.Create(CultureInfo.InvariantCulture, $"\"per-key\";q={perMinute};w=60");

    public long? Remaining(HttpContext http) => Limiter?.GetStatistics(http)?.CurrentAvailablePermits;
}
