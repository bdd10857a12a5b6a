using System.Diagnostics;
using System.Globalization;
using Logistics.Server.Infrastructure;

namespace Logistics.Server.Publication;

/// <summary>
/// Times the steps of a publication: wall clock, this process's CPU (all threads, GC included) and,
/// where PostgreSQL runs on this machine, its backend's CPU, so each step's time can be told apart
/// into ours, the database's, and waiting. Reports each step as it ends; silent without a listener.
/// </summary>
internal sealed class StepClock
{
    public static readonly StepClock Silent = new(null, 0);

    private readonly IProgress<string>? _progress;
    private readonly string? _backendStat;
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private TimeSpan _cpu;
    private double _backendCpu;

    /// <param name="backendPid">the publishing connection's backend process (NpgsqlConnection.ProcessID).</param>
    public StepClock(IProgress<string>? progress, int backendPid)
    {
        _progress = progress;
        if (progress is null) return;
        var stat = $"/proc/{backendPid}/stat";
        _backendStat = File.Exists(stat) ? stat : null;
        _cpu = Process.GetCurrentProcess().TotalProcessorTime;
        _backendCpu = BackendCpu();
    }

    public void Step(string name)
    {
        FaultPoint.Reach(FaultPoint.Publish(name));
        if (_progress is null) return;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var backend = BackendCpu();
        _progress.Report(string.Create(CultureInfo.InvariantCulture,
            $"  publish {name}: {_wall.Elapsed.TotalSeconds:F2} s (CPU here {(cpu - _cpu).TotalSeconds:F2} s{(_backendStat is null ? "" : $", PostgreSQL {backend - _backendCpu:F2} s")})"));
        (_cpu, _backendCpu) = (cpu, backend);
        _wall.Restart();
    }

    /// <summary>User and system seconds of the backend, from /proc (fields 14 and 15, after the parenthesised name).</summary>
    private double BackendCpu()
    {
        if (_backendStat is null) return 0;
        try
        {
            var text = File.ReadAllText(_backendStat);
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException) { return 0; }
    }
}
