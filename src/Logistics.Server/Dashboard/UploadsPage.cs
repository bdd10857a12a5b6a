using System.Text;
using Dapper;
using Logistics.Server.Uploads;
using Npgsql;

namespace Logistics.Server.Dashboard;

/// <summary>Recent uploads of every kind, with status and the first errors of a rejected one.</summary>
internal static class UploadsPage
{
    private sealed record Row(Guid Id, UploadKind Kind, UploadState Status, string Source, DateTime CreatedAt, long? RowsTotal, int ErrorCount, string FirstErrors, string? Carrier);

    public static async Task<IResult> RenderAsync(HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition("""
            SELECT u.id, u.kind, u.status, u.source, u.created_at, u.rows_total, u.error_count,
                   coalesce((SELECT string_agg(format('line %s, %s: %s', e->>'line', e->>'column', e->>'reason'), E'\n')
                             FROM (SELECT jsonb_array_elements(u.errors) AS e LIMIT 5) first), '') AS first_errors,
                   c.code AS carrier
            FROM uploads u LEFT JOIN carriers c ON c.id = u.carrier_id
            ORDER BY u.created_at DESC
            LIMIT 200
            """, cancellationToken: ct));
        var body = new StringBuilder("<table><tr><th>received (UTC)</th><th>kind</th><th>carrier</th><th>source</th><th>status</th><th class=\"num\">rows</th><th class=\"num\">errors</th><th>first errors</th></tr>");
        foreach (var r in rows)
        {
            var css = r.Status switch { UploadState.Accepted => "ok", UploadState.Rejected => "failed", _ => "" };
            body.Append($"<tr><td>{Html.Time(new DateTimeOffset(DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc)))}</td><td>{Html.E(UploadKinds.Name(r.Kind))}</td><td>{Html.E(r.Carrier)}</td><td>{Html.E(r.Source)}</td>" +
                        $"<td class=\"{css}\">{Html.E(UploadStates.Name(r.Status))}</td><td class=\"num\">{r.RowsTotal}</td><td class=\"num\">{r.ErrorCount}</td><td><pre>{Html.E(r.FirstErrors)}</pre></td></tr>");
        }
        body.Append("</table>");
        return Html.Page(http, "Uploads", body.ToString());
    }
}
