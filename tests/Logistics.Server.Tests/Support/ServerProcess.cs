using System.Diagnostics;
using System.Net;
using System.Text;

namespace Logistics.Server.Tests.Support;

/// <summary>`logistics serve` as a real process of its own, for cluster tests.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public string Name { get; }
    public int Port { get; }
    public string Output { get { lock (_output) return _output.ToString(); } }
    public bool HasExited => _process.HasExited;
    public int Pid => _process.Id;

    /// <summary>Resident memory now and at its peak (VmRSS, VmHWM), in MiB, from /proc.</summary>
    public (double Now, double Peak) MemoryMiB()
    {
        double Field(string[] lines, string name) =>
            double.Parse(lines.First(l => l.StartsWith(name, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
                System.Globalization.CultureInfo.InvariantCulture) / 1024;
        var status = File.ReadAllLines($"/proc/{Pid}/status");
        return (Field(status, "VmRSS:"), Field(status, "VmHWM:"));
    }

    /// <param name="connectionString">null: the server runs its own embedded cluster (give LOGISTICS_DATA_DIR in <paramref name="env"/>).</param>
    public ServerProcess(string name, string? connectionString, string role, IDictionary<string, string>? env = null)
    {
        Name = name;
        Port = FreePort();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "logistics.dll"));
        foreach (var a in new[] { "serve", "--role", role, "--urls", $"http://127.0.0.1:{Port}" }) psi.ArgumentList.Add(a);
        if (connectionString is null)
        {
            psi.Environment.Remove("LOGISTICS_DB");
            psi.Environment.Remove("ConnectionStrings__Logistics");
        }
        else psi.Environment["LOGISTICS_DB"] = connectionString;
        psi.Environment["Logistics__NodeName"] = name;
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <param name="tries">checks 200 ms apart; more for a server that first makes its own cluster.</param>
    public async Task WaitReadyAsync(int tries = 150)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < tries; i++)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited: {Output}");
            try { if ((await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK) return; }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Name} never became ready: {Output}");
    }

    /// <summary>SIGTERM, as a service manager stops it, then waits for it to exit.</summary>
    public async Task<int> TerminateAsync()
    {
        if (!_process.HasExited) Process.Start("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown, no cleanup, as when the machine dies.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: true);

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
