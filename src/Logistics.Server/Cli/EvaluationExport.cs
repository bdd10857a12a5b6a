using System.Globalization;
using System.Text.Json;
using Logistics.Domain.Alerts;
using Logistics.Scenarios.Evaluation;

namespace Logistics.Server.Cli;

/// <summary>
/// `evaluate --export DIR`: what the scores are computed from, as CSV, so anyone can recompute them
/// without our code: node_hours.csv (capacity and realised arrivals per handover node and hour, as
/// merchants would ship and as each run's windows would have them ship), alerts.csv and windows.csv
/// (every run's, with the run's time), and report.json.
/// </summary>
internal sealed class EvaluationExport : IDisposable
{
    private readonly string _dir;
    private readonly StreamWriter _nodes, _alerts, _windows;
    private bool _naturalWritten;

    public EvaluationExport(string dir)
    {
        _dir = dir;
        Directory.CreateDirectory(dir);
        _nodes = new StreamWriter(Path.Combine(dir, "node_hours.csv"));
        _alerts = new StreamWriter(Path.Combine(dir, "alerts.csv"));
        _windows = new StreamWriter(Path.Combine(dir, "windows.csv"));
        _nodes.WriteLine("run_at,node_kind,node,carrier,hour,capacity,parcels");
        _alerts.WriteLine("run_at,id,level,node_kind,node,carrier,start_hour,end_hour");
        _windows.WriteLine("run_at,merchant,warehouse,carrier,hub,start_hour,end_hour,max_parcels");
    }

    public void Write(ReplayStep step)
    {
        var inv = CultureInfo.InvariantCulture;
        var at = step.RunAt.ToString("yyyy-MM-ddTHH:mm:ssZ", inv);
        if (!_naturalWritten)
        {
            // run_at "natural": as merchants would ship without the service.
            WriteNodes("natural", step.Realised.Arrivals, step.Realised);
            _naturalWritten = true;
        }
        WriteNodes(at, step.FollowingArrivals, step.Realised);
        foreach (var a in step.Alerts)
            _alerts.WriteLine(string.Create(inv, $"{at},{Csv(a.Id)},{AlertLevels.Name(a.Level)},{a.NodeKind},{a.Node},{a.Carrier},{a.StartHour},{a.EndHour}"));
        foreach (var w in step.Plan.Windows)
            _windows.WriteLine(string.Create(inv, $"{at},{w.Merchant},{w.Warehouse},{w.Carrier},{w.Hub},{w.StartHour},{w.EndHour},{w.MaxParcels}"));
    }

    private void WriteNodes(string at, IReadOnlyDictionary<NodeId, double[]> arrivals, Realised realised)
    {
        var inv = CultureInfo.InvariantCulture;
        foreach (var (id, capacity) in realised.Capacity.OrderBy(kv => kv.Key.Kind).ThenBy(kv => kv.Key.Node, StringComparer.Ordinal).ThenBy(kv => kv.Key.Carrier, StringComparer.Ordinal))
        {
            var series = arrivals.GetValueOrDefault(id);
            for (var t = 0; t < capacity.Length; t++)
                _nodes.WriteLine(string.Create(inv, $"{at},{id.Kind},{id.Node},{id.Carrier},{t},{capacity[t]},{series?[t] ?? 0:0.###}"));
        }
    }

    public void Finish(EvaluationReport report) =>
        File.WriteAllText(Path.Combine(_dir, "report.json"), JsonSerializer.Serialize(report, EvaluateCommand.Json));

    private static string Csv(string s) => s.Contains(',') || s.Contains('"') ? $"\"{s.Replace("\"", "\"\"")}\"" : s;

    public void Dispose()
    {
        _nodes.Dispose();
        _alerts.Dispose();
        _windows.Dispose();
    }
}
