using System.CommandLine;

namespace Logistics.Server.Cli;

/// <summary>The commands, their options and help text; each action hands typed values to its command.</summary>
internal static class CliCommands
{
    public static RootCommand Build(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("""
            Logistics: peak-shaving warnings for mega-sales.
            Database: LOGISTICS_DB (or ConnectionStrings__Logistics); when unset, an embedded PostgreSQL in ./.data (or LOGISTICS_DATA_DIR).
            """);
        root.Add(Serve(stdout));
        root.Add(Demo(stdout, stderr));
        root.Add(Migrate(stdout));
        root.Add(Import(stdout, stderr));
        root.Add(Plan(stdout, stderr));
        root.Add(Backtest(stdout, stderr));
        root.Add(Evaluate(stdout, stderr));
        root.Add(Keys(stdout));
        return root;
    }

    private static Option<string?> Urls() => new("--urls") { Description = "where to listen (default LOGISTICS_URLS, else http://127.0.0.1:5080)", HelpName = "URL" };

    private static Option<string> Scale() =>
        OneOf(new Option<string>("--scale") { Description = "the generated world's size: small or national", DefaultValueFactory = _ => "small" }, "small", "national");

    /// <summary>An option limited to a few words, refused in our own words ("--scale is small or national, not 'huge'").</summary>
    private static Option<string> OneOf(Option<string> option, params string[] allowed)
    {
        option.HelpName = string.Join('|', allowed);
        option.CompletionSources.Add(allowed);
        option.Validators.Add(r =>
        {
            var given = r.Tokens.Count > 0 ? r.Tokens[^1].Value : null;
            if (given is not null && !allowed.Contains(given))
                r.AddError($"{option.Name} is {(allowed.Length == 2 ? $"{allowed[0]} or {allowed[1]}" : $"one of {string.Join(", ", allowed)}")}, not '{Shown.Cut(given)}'");
        });
        return option;
    }

    private static Option<ulong> Seed() => new("--seed") { Description = "the generator's seed (the same seed, the same world)", DefaultValueFactory = _ => 11, HelpName = "N" };

    private static Command Serve(TextWriter stdout)
    {
        var role = OneOf(new Option<string>("--role") { Description = "api answers requests, worker runs the jobs, all does both", DefaultValueFactory = _ => "all" },
            ServeCommand.Roles);
        var urls = Urls();
        var command = new Command("serve", "the API and the ops dashboard; applies migrations first") { role, urls };
        command.SetAction((r, ct) => ServeCommand.RunAsync(r.GetValue(role)!, r.GetValue(urls), stdout, ct));
        return command;
    }

    private static Command Demo(TextWriter stdout, TextWriter stderr)
    {
        var (scale, seed, urls) = (Scale(), Seed(), Urls());
        var once = new Option<bool>("--once") { Description = "exit after the summary instead of serving" };
        var verbose = new Option<bool>("--verbose") { Description = "stage timings too" };
        var command = new Command("demo", "the next Double 11, generated and loaded through the real intake, one planning run and its summary; then serves") { scale, seed, once, verbose, urls };
        command.SetAction((r, ct) => DemoCommand.RunAsync(r.GetValue(scale)!, r.GetValue(seed), r.GetValue(once), r.GetValue(verbose), r.GetValue(urls), stdout, stderr, ct));
        return command;
    }

    private static Command Migrate(TextWriter stdout)
    {
        var command = new Command("migrate", "apply the sql/ migrations and Hangfire's schema, and exit");
        command.SetAction((_, ct) => MigrateCommand.RunAsync(stdout, ct));
        return command;
    }

    private static Command Import(TextWriter stdout, TextWriter stderr)
    {
        var kind = new Argument<string>("kind") { Description = "what the file holds" }.AcceptOnlyFromAmong(ImportCommand.Kinds);
        var file = new Argument<string>("file") { Description = "the file: CSV, or JSON rows when its name ends in .json" };
        var carrier = new Option<string?>("--carrier") { Description = "capacity only: ops speaking for this carrier", HelpName = "CODE" };
        var errorsOut = new Option<string?>("--errors-out") { Description = "on rejection, also write the bad lines there as CSV (line,column,value,reason,rule)", HelpName = "FILE" };
        var progress = new Option<bool>("--progress") { Description = "progress on stderr even when it is not a terminal" };
        var command = new Command("import", "validate a file and load it all or nothing, or reject it naming every bad line") { kind, file, carrier, errorsOut, progress };
        command.SetAction((r, ct) => ImportCommand.RunAsync(Uploads.UploadKinds.Parse(r.GetValue(kind)!), r.GetValue(file)!, r.GetValue(carrier), r.GetValue(errorsOut), r.GetValue(progress), stdout, stderr, ct));
        return command;
    }

    private static Command Plan(TextWriter stdout, TextWriter stderr)
    {
        var campaign = new Option<string?>("--campaign") { Description = "this campaign only (default: every campaign whose horizon has not ended, or the newest)", HelpName = "CODE" };
        var command = new Command("plan", "one planning run now: snapshot, forecast, shave, alerts, publish; prints stages and counts") { campaign };
        command.SetAction((r, ct) => PlanCommand.RunAsync(r.GetValue(campaign), stdout, stderr, ct));
        return command;
    }

    private static Command Backtest(TextWriter stdout, TextWriter stderr)
    {
        var series = new Option<string>("--series") { Description = "the series file (or the route file)", Required = true, HelpName = "FILE" };
        var rolling = new Option<bool>("--rolling") { Description = "every peak of the file in time order, each from its own cutoff" };
        var days = new Option<string?>("--campaign-days") { Description = "the campaigns' sale days, comma-separated", HelpName = "D1,D2,.." };
        var cutoff = new Option<string?>("--cutoff") { Description = "the last day the forecast may know", HelpName = "DATE" };
        var from = new Option<string?>("--from") { Description = "the window's first day", HelpName = "DATE" };
        var to = new Option<string?>("--to") { Description = "the window's last day", HelpName = "DATE" };
        var json = new Option<bool>("--json") { Description = "one JSON object" };
        var command = new Command("backtest", "forecast a window from a cutoff (or --rolling: every peak) and score it against the file and the baselines")
            { series, rolling, days, cutoff, from, to, json };
        command.SetAction((r, ct) => BacktestCommand.RunAsync(new BacktestCommand.Request(r.GetValue(series)!, r.GetValue(rolling), r.GetValue(days), r.GetValue(cutoff),
            r.GetValue(from), r.GetValue(to), r.GetValue(json)), stdout, stderr, ct));
        return command;
    }

    private static Command Evaluate(TextWriter stdout, TextWriter stderr)
    {
        var (scale, seed) = (Scale(), Seed());
        var json = new Option<bool>("--json") { Description = "one JSON object" };
        var export = new Option<string?>("--export") { Description = "write what the scores are computed from as CSV there", HelpName = "DIR" };
        var store = new Option<bool>("--store") { Description = "keep the report for the dashboard's Replays page" };
        var appliances = new Option<bool>("--appliances") { Description = "a world with appliance sellers and bulky lines; each handling class scored in a row of its own" };
        var command = new Command("evaluate", "replay a generated campaign day by day, each planning run scored against the realised demand")
            { scale, seed, appliances, json, export, store };
        command.SetAction((r, ct) => EvaluateCommand.RunAsync(r.GetValue(scale)!, r.GetValue(seed), r.GetValue(appliances), r.GetValue(json), r.GetValue(export),
            r.GetValue(store), stdout, stderr, ct));
        return command;
    }

    private static Command Keys(TextWriter stdout)
    {
        var merchant = new Option<string?>("--merchant") { Description = "a key for this merchant", HelpName = "CODE" };
        var carrier = new Option<string?>("--carrier") { Description = "a key for this carrier", HelpName = "CODE" };
        var ops = new Option<bool>("--ops") { Description = "an ops key" };
        var readOnly = new Option<bool>("--read-only") { Description = "an ops key that may only read" };
        var create = new Command("create", "print a new API key once (only its SHA-256 is stored)") { merchant, carrier, ops, readOnly };
        create.Validators.Add(r =>
        {
            // An option without its value is already an error of its own; say only that.
            if (r.GetResult(merchant)?.Errors.Any() == true || r.GetResult(carrier)?.Errors.Any() == true) return;
            try
            {
                if (KeysCommand.Invalid(r.GetValue(merchant), r.GetValue(carrier), r.GetValue(ops), r.GetValue(readOnly)) is { } error) r.AddError(error);
            }
            catch (InvalidOperationException) { }   // a value that did not parse: reported by the parser
        });
        create.SetAction((r, ct) => KeysCommand.RunAsync(r.GetValue(merchant), r.GetValue(carrier), r.GetValue(ops), r.GetValue(readOnly), stdout, ct));
        return new Command("keys", "API keys") { create };
    }
}
