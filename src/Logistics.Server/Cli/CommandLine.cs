using System.CommandLine;
using Logistics.Server.Storage;

namespace Logistics.Server.Cli;

/// <summary>
/// The `logistics` command line (see CONTRACTS.md): 0 success, 1 handled failure, 2 bad usage.
/// System.CommandLine parses it: help for every command (`logistics import --help`), `--version`,
/// and a suggestion for a mistyped command or option.
/// </summary>
internal static class CommandLine
{
    public static async Task<int> RunAsync(string[] argv, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var root = CliCommands.Build(stdout, stderr);
        // `logistics help [command]` is kept as a spelling of --help; no arguments at all is bad usage.
        if (argv is ["help", .. var rest]) argv = [.. rest, "--help"];
        var parsed = root.Parse(argv);
        // ProcessTerminationTimeout null: Program.cs turns SIGTERM and Ctrl+C into `ct` itself. The
        // library's own handler gave a stopping command two seconds, then exited 143: a loaded node's
        // graceful stop (the host's, Hangfire's) was cut short.
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        if (argv.Length == 0)
        {
            await root.Parse(["--help"]).InvokeAsync(new InvocationConfiguration { Output = stderr, Error = stderr }, ct);
            return 2;
        }
        if (parsed.Errors.Count > 0)
        {
            // The library's own report (with its typo suggestions), one line each, then where to look.
            using var report = new StringWriter();
            if (parsed.Action is System.CommandLine.Invocation.ParseErrorAction action) action.ShowHelp = false;
            await parsed.InvokeAsync(new InvocationConfiguration { Output = report, Error = report }, ct);
            var lines = report.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            // An unknown word at the top says more than "Required command was not provided." before it.
            if (lines.Count > 1) lines.RemoveAll(l => l.StartsWith("Required command was not provided", StringComparison.Ordinal));
            foreach (var line in lines) stderr.WriteLine($"logistics: {line}");
            stderr.WriteLine(SeeUsage(parsed));
            return 2;
        }
        try
        {
            return await parsed.InvokeAsync(config, ct);
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"logistics: {e.Message}");
            stderr.WriteLine(SeeUsage(parsed));
            return 2;
        }
        catch (Exception e) when (e is CommandFailedException or EmbeddedPostgresException or MigrationException or Auth.KeyOwnerNotFoundException)
        {
            stderr.WriteLine($"logistics: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            stderr.WriteLine("logistics: interrupted");
            return 1;
        }
        catch (Npgsql.NpgsqlException e)
        {
            stderr.WriteLine($"logistics: database error: {e.Message}");
            return 1;
        }
    }

    /// <summary>Where to read the usage of the command that was given: `logistics keys create --help`.</summary>
    private static string SeeUsage(ParseResult parsed)
    {
        var path = new List<string>();
        for (var c = parsed.CommandResult; c is not null && c.Command is not RootCommand; c = c.Parent as System.CommandLine.Parsing.CommandResult)
            path.Insert(0, c.Command.Name);
        return path.Count == 0 ? "run 'logistics help' for usage" : $"run 'logistics help' or 'logistics {string.Join(' ', path)} --help' for usage";
    }

    /// <summary>Opens the database and brings its schema up to date.</summary>
    public static async Task<Database> OpenMigratedAsync(CancellationToken ct)
    {
        var db = await Database.OpenAsync(null, ct);
        try
        {
            await new MigrationRunner(db.DataSource, Migration.LoadAll()).MigrateAsync(ct);
            return db;
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }
}
