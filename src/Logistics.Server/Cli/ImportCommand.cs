using Dapper;
using Logistics.Server.Ingest;
using Logistics.Server.Uploads;

namespace Logistics.Server.Cli;

internal static class ImportCommand
{
    /// <summary>The import argument's values: every kind of the catalog.</summary>
    public static readonly string[] Kinds = [.. UploadCatalog.All.Select(s => s.Name)];

    /// <summary>Any kind, through the same intake as the API (<see cref="UploadIntake"/>); a load left queued is run here and waited for.</summary>
    public static async Task<int> RunAsync(UploadKind kind, string path, string? carrier, string? errorsOut, bool showProgress, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (carrier is not null && kind != UploadKind.Capacity) throw new UsageException("--carrier goes with import capacity only");
        if (!File.Exists(path)) throw new CommandFailedException($"no such file: {path}");
        await using var db = await CommandLine.OpenMigratedAsync(ct);
        // Ops, or ops speaking for a carrier.
        long? carrierId = null;
        if (carrier is not null)
        {
            await using var conn = await db.DataSource.OpenConnectionAsync(ct);
            carrierId = await conn.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM carriers WHERE code = @carrier", new { carrier }, cancellationToken: ct))
                ?? throw new CommandFailedException($"no carrier '{carrier}': import the network first (logistics import network FILE)");
        }
        var intake = UploadIntake.ForCommandLine(db.DataSource);
        var progress = ImportProgress.For(stderr, path, showProgress);
        var started = System.Diagnostics.Stopwatch.StartNew();
        UploadStatus u;
        await using (var file = File.OpenRead(path))
        {
            try
            {
                u = await intake.ImportAsync(kind, UploadSubmission.FromFile(path, carrierId), progress?.Track(file) ?? file, progress, ct, staged =>
                {
                    progress?.Done(staged.RowsTotal);
                    progress = null;   // its final figures are drawn
                    stderr.WriteLine($"{path}: {staged.RowsTotal:N0} rows staged in {started.Elapsed.TotalSeconds:0.0} s as upload {staged.Id}; validating and loading");
                });
            }
            catch (BodyTooLargeException e)
            {
                throw new CommandFailedException($"{path}: {e.Message}" + (e.IsKindLimit && UploadCatalog.Of(kind).LimitSetting is { } setting ? $" (the limit is the setting {setting})" : ""));
            }
        }
        progress?.Done(u.RowsTotal);
        if (u.State == UploadState.Accepted)
        {
            stdout.WriteLine($"accepted: {u.RowsTotal} rows of {UploadKinds.Name(kind)} from {path} in {started.Elapsed.TotalSeconds:0.0} s (upload {u.Id})");
            return 0;
        }
        return Rejected(u, path, errorsOut, stderr);
    }

    private static int Rejected(UploadStatus u, string path, string? errorsOut, TextWriter stderr)
    {
        if (errorsOut is not null)
        {
            // The report as a file a spreadsheet opens, one bad line a row; the rule came later, so it is last
            // and a script reading the first four columns by position reads them still.
            File.WriteAllLines(errorsOut, u.Errors.Select(e => string.Join(',', Csv(e.Line.ToString(System.Globalization.CultureInfo.InvariantCulture)), Csv(e.Column), Csv(e.Value ?? ""), Csv(e.Reason), e.Rule.Code))
                .Prepend("line,column,value,reason,rule"));
            stderr.WriteLine($"{path}: {u.Errors.Count} bad line{(u.Errors.Count == 1 ? "" : "s")} written to {errorsOut}"
                + (u.ErrorCount > u.Errors.Count ? $" (the first {u.Errors.Count} of {u.ErrorCount})" : ""));
        }
        foreach (var e in u.Errors) stderr.WriteLine($"{path}: {e}");
        if (u.ErrorCount > u.Errors.Count) stderr.WriteLine($"{path}: ... and {u.ErrorCount - u.Errors.Count} more bad lines");
        throw new CommandFailedException($"rejected: {u.ErrorCount} bad line{(u.ErrorCount == 1 ? "" : "s")} in {path}; nothing was changed (upload {u.Id})");
    }

    private static string Csv(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : $"\"{field.Replace("\"", "\"\"")}\"";
}
