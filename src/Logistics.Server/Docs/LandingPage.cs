namespace Logistics.Server.Docs;

/// <summary>What someone who opens the server's address in a browser finds: where to go next.</summary>
internal static class LandingPage
{
    public const string Html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Logistics</title>
        <style>body{font:15px/1.5 system-ui,sans-serif;max-width:40em;margin:3em auto;padding:0 1em;color:#1d2430}a{color:#1a5fb4}li{margin:.4em 0}</style>
        </head><body>
        <h1>Logistics</h1>
        <p>Peak-shaving warnings for mega-sales: alerts, shipment windows and capacity, over an HTTP API.</p>
        <ul>
          <li><a href="/docs">API reference</a> — every endpoint, with examples (the document itself: <a href="/openapi/v1.json">/openapi/v1.json</a>)</li>
          <li><a href="/ops">Ops dashboard</a> — planning runs, uploads, regions and jobs (ops login)</li>
          <li><a href="/readyz">Readiness</a> — 200 when the database is reachable and migrated</li>
        </ul>
        </body></html>
        """;
}
