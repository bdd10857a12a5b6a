using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Logistics.Server;

/// <summary>
/// Every error answer is an RFC 9457 problem with our stable type and a `trace_id`: the ones our
/// handlers write, and the empty 400/404/405/415 that routing and binding leave, which
/// status-code pages turn into problems through the same service.
/// </summary>
internal static class ProblemSetup
{
    public static IServiceCollection AddLogisticsProblems(this IServiceCollection services) =>
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            var problem = c.ProblemDetails;
            problem.Extensions.Remove("traceId");
            problem.Extensions["trace_id"] = TraceId(c.HttpContext);
            // Only what the framework made (no type of ours yet) is mapped to a kind of ours.
            if (problem.Type?.StartsWith(Problems.Base, StringComparison.Ordinal) == true) return;
            var request = c.HttpContext.Request;
            var route = Shown.Cut($"{request.Method} {request.Path}", 300);
            var (kind, detail) = problem.Status switch
            {
                404 => (Problems.NotFound, $"no such route: {route} (see /docs)"),
                405 => (Problems.MethodNotAllowed, $"{route}: this path allows {Allowed(c.HttpContext)}"),
                415 => (Problems.UnsupportedMediaType, $"{route}: send the body as application/json, not '{Shown.Cut(request.ContentType ?? "no Content-Type")}'"),
                400 => (Problems.BadRequest, problem.Detail ?? $"{route}: the request could not be read (malformed JSON or a missing body?)"),
                401 => (Problems.Unauthorized, "send your API key as 'Authorization: Bearer <key>'"),
                403 => (Problems.Forbidden, "this key may not do that"),
                413 => (Problems.PayloadTooLarge, "the body is over the limit"),
                _ => ((Problems.Kind?)null, (string?)null),
            };
            if (kind is null) return;
            problem.Type = kind.Type;
            problem.Title = kind.Title;
            problem.Detail = detail;
        });

    public static string TraceId(HttpContext http) => Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;

    private static string Allowed(HttpContext http) =>
        http.Response.Headers.Allow.ToString() is { Length: > 0 } allow ? allow : "other methods";

    /// <summary>Status-code pages for the empty error answers; our own problems already have a body.</summary>
    public static void UseLogisticsProblems(this WebApplication app) => app.UseStatusCodePages();
}
