using Logistics.Server.Storage;

namespace Logistics.Server.Cli;

/// <summary>The `logistics` command line (see CONTRACTS.md): 0 success, 1 handled failure, 2 bad usage.</summary>
internal static class CommandLine
{
    public const string Usage = """
        usage: logistics <command> [options]

          demo [--scale small|national] [--seed N] [--once] [--verbose]
                                                       a generated Double 11 through the real intake, one
                                                       planning run and its summary; then keeps serving
          serve [--role all|api|worker] [--urls URL]   API and dashboard (default http://127.0.0.1:5080)
          migrate                                      apply sql/ migrations and exit
          import campaigns|network|signals|outcomes FILE [--errors-out FILE] [--progress]
                                                       validate and load a file, all or nothing; with
                                                       --errors-out, a rejection's bad lines as CSV;
                                                       progress on stderr on a terminal (or --progress)
          import capacity FILE [--carrier CODE] [--errors-out FILE] [--progress]
                                                       the same for hourly capacity (ops, or ops for a carrier)
          plan [--campaign CODE]                       one planning run now, with its summary
          backtest --series FILE (--rolling | --campaign-days D1,D2,.. --cutoff DATE --from DATE --to DATE) [--json]
                                                       fit up to the cutoff, forecast the window, score it
                                                       against the file and the flat and naive-lift baselines
          evaluate [--scale small|national] [--seed N] [--json] [--export DIR] [--store]
                                                       replay a generated campaign day by day: a planning run
                                                       after each pre-sale day, every run scored against the
                                                       realised demand (alerts, lead time, windows, churn)
          keys create (--merchant CODE | --carrier CODE | --ops [--read-only])
                                                       print a new API key once (only its hash is kept)

        Database: LOGISTICS_DB (or ConnectionStrings__Logistics); when unset, an embedded PostgreSQL
        in ./.data (or LOGISTICS_DATA_DIR).
        """;

    public static async Task<int> RunAsync(string[] argv, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        try
        {
            if (argv.Length == 0 || argv[0] is "help" or "--help" or "-h")
            {
                (argv.Length == 0 ? stderr : stdout).WriteLine(Usage);
                return argv.Length == 0 ? 2 : 0;
            }
            var rest = argv[1..];
            return argv[0] switch
            {
                "serve" => await ServeCommand.RunAsync(new Args(rest, Flags()), stdout, ct),
                "migrate" => await MigrateCommand.RunAsync(new Args(rest, Flags()), stdout, ct),
                "import" => await ImportCommand.RunAsync(new Args(rest, Flags("progress")), stdout, stderr, ct),
                "keys" => await KeysCommand.RunAsync(new Args(rest, Flags("ops", "read-only")), stdout, ct),
                "demo" => await DemoCommand.RunAsync(new Args(rest, Flags("once", "verbose")), stdout, stderr, ct),
                "plan" => await PlanCommand.RunAsync(new Args(rest, Flags()), stdout, stderr, ct),
                "backtest" => await BacktestCommand.RunAsync(new Args(rest, Flags("json", "rolling")), stdout, stderr, ct),
                "evaluate" => await EvaluateCommand.RunAsync(new Args(rest, Flags("json", "store")), stdout, stderr, ct),
                _ => throw new UsageException($"unknown command '{argv[0]}'"),
            };
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"logistics: {e.Message}");
            stderr.WriteLine("run 'logistics help' for usage");
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

    private static HashSet<string> Flags(params string[] names) => [.. names];

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
