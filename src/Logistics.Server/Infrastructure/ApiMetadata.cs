namespace Logistics.Server;

/// <summary>Query parameters an endpoint cannot do without; the handler still answers their absence with a 400 naming them.</summary>
internal sealed record RequiredQuery(IReadOnlyList<string> Names);

/// <summary>An endpoint whose answer is paged: `Link: <…>; rel="next"` when more exist.</summary>
internal sealed record PagedAnswer;

/// <summary>An upload that honours `Idempotency-Key` and answers a replay with `Idempotent-Replayed: true`.</summary>
internal sealed record IdempotentUpload;

/// <summary>
/// Endpoint facts the OpenAPI document and the request checks both read, declared beside each
/// endpoint rather than in a table kept apart from it.
/// </summary>
internal static class ApiMetadata
{
    public static TBuilder RequiresQuery<TBuilder>(this TBuilder builder, params string[] names) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredQuery(names));

    public static TBuilder Paged<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PagedAnswer());

    public static TBuilder Idempotent<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new IdempotentUpload());
}
