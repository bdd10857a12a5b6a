using System.Globalization;
using System.Text.Encodings.Web;
using Logistics.Server.Auth;
using Microsoft.AspNetCore.Antiforgery;

namespace Logistics.Server.Dashboard;

/// <summary>Server-rendered pages: one layout, encoded text, forms that carry an anti-forgery token.</summary>
internal static class Html
{
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public static string Time(DateTimeOffset? t) =>
        t is { } v ? $"<time datetime=\"{v.UtcDateTime:O}\">{v.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}</time>" : "—";

    public static string Duration(TimeSpan d) =>
        d.TotalSeconds < 1 ? $"{d.TotalMilliseconds:0} ms" : d.TotalMinutes < 1 ? $"{d.TotalSeconds:0.0} s" : $"{d.TotalMinutes:0.0} min";

    public static string Token(HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">";
    }

    public static IResult Page(HttpContext http, string title, string body, string? flash = null)
    {
        var caller = Caller.From(http.User);
        var nav = string.Concat(new[] { ("/ops", "Overview"), ("/ops/runs", "Planning runs"), ("/ops/network", "Network"), ("/ops/regions", "Regions"), ("/ops/uploads", "Uploads"), ("/ops/evaluation", "Replays"), ("/ops/jobs", "Jobs (Hangfire)"), ("/ops/jobs/schedules", "Schedules") }
            .Select(n => $"<a href=\"{n.Item1}\">{n.Item2}</a>"));
        var who = caller.ReadOnly ? "<span class=\"badge ro\">read-only</span>" : "<span class=\"badge\">ops</span>";
        var logout = http.User.Identity?.AuthenticationType == DashboardSetup.CookieScheme
            ? $"<form method=\"post\" action=\"/ops/logout\" class=\"inline\">{Token(http)}<button>Log out</button></form>" : "";
        var flashHtml = flash is null ? "" : $"<p class=\"flash\">{E(flash)}</p>";
        return Results.Content($"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(title)} · Logistics ops</title><style>{Css}</style></head>
            <body><header><strong>Logistics ops</strong><nav>{nav}</nav><span class="who">{who}{logout}</span></header>
            <main><h1>{E(title)}</h1>{flashHtml}{body}</main></body></html>
            """, "text/html; charset=utf-8");
    }

    private const string Css = """
        body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
        header{display:flex;gap:1.5em;align-items:center;padding:.6em 1.2em;background:#1d2430;color:#fff}
        header a{color:#cfe0ff;margin-right:1em;text-decoration:none} .who{margin-left:auto}
        main{padding:1em 1.5em} h1{font-size:1.3em} h2{font-size:1.1em;margin-top:1.5em}
        table{border-collapse:collapse;background:#fff;width:100%;margin:.5em 0} th,td{padding:.35em .6em;border-bottom:1px solid #e3e6ea;text-align:left;vertical-align:top}
        th{background:#eef1f5;font-weight:600} .num{text-align:right;font-variant-numeric:tabular-nums}
        .inline{display:inline} button{margin:0 .2em;padding:.2em .7em;border:1px solid #8a96a8;border-radius:3px;background:#fff;cursor:pointer}
        button.danger{border-color:#c0392b;color:#c0392b} .badge{padding:.1em .5em;border-radius:3px;background:#2e7d32;color:#fff;margin-right:.5em} .ro{background:#8a6d00}
        .ok{color:#2e7d32} .failed{color:#c0392b;font-weight:600} .skipped{color:#8a6d00} .flash{background:#e8f4ff;border:1px solid #9cc7f0;padding:.5em}
        .cards{display:flex;gap:1em;flex-wrap:wrap} .card{background:#fff;border:1px solid #e3e6ea;padding:.7em 1em;min-width:9em} .card b{display:block;font-size:1.6em}
        .heat td.cell{text-align:center;padding:.25em;min-width:3em} .heat td.cell a{color:#1d2430;text-decoration:none;display:block} .legend span{display:inline-block;width:1.5em;border:1px solid #ccc}
        form.whatif label{display:inline-block;margin:.2em .6em .2em 0} form.whatif input[type=text]{width:14em}
        input[type=text]{padding:.3em;width:20em} .error{color:#c0392b} code{background:#eef1f5;padding:0 .3em}
        """;
}
