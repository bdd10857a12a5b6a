using Logistics.Server.Uploads;

namespace Logistics.Server.Cli;

internal static class ImportCommand
{
    private static readonly string[] Kinds = ["campaigns", "network"];

    public static async Task<int> RunAsync(Args args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        args.RejectUnknown();
        if (args.Words.Count != 2 || !Kinds.Contains(args.Words[0]))
            throw new UsageException($"usage: import {string.Join("|", Kinds)} FILE");
        var (kind, path) = (args.Words[0], args.Words[1]);
        if (!File.Exists(path)) throw new CommandFailedException($"no such file: {path}");
        var body = await File.ReadAllBytesAsync(path, ct);
        var contentType = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "application/json" : "text/csv";

        await using var db = await CommandLine.OpenMigratedAsync(ct);
        var processor = new SmallUploadProcessor(db.DataSource);
        var result = await processor.SubmitAsync(new UploadRequest(kind, "cli", null, null, null, contentType, Path.GetFileName(path), body), ct);
        var u = result.Upload;
        if (u.Status == "accepted")
        {
            stdout.WriteLine($"accepted: {u.RowsTotal} rows of {kind} from {path} (upload {u.Id})");
            return 0;
        }
        foreach (var e in u.Errors) stderr.WriteLine($"{path}: {e}");
        throw new CommandFailedException($"rejected: {u.ErrorCount} bad line{(u.ErrorCount == 1 ? "" : "s")} in {path}; nothing was changed (upload {u.Id})");
    }
}
