namespace Logistics.Server.Maintenance;

/// <summary>
/// When a retention step runs. Rows are kept while something refers to them, so what refers comes
/// first: feed events, then the alerts they name, then a run's rows, then the runs.
/// </summary>
internal enum RetentionStage
{
    Feed = 0,
    Alerts = 1,
    RunRows = 2,
    Runs = 3,
    /// <summary>Rows nothing else refers to (uploads, what-ifs, staging tables).</summary>
    Standalone = 4,
}
