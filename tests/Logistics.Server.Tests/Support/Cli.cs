using System.Diagnostics;

namespace Logistics.Server.Tests.Support;

/// <summary>Runs the real `logistics` executable in its own process.</summary>
public static class LogisticsCli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string LastLine => Stdout.TrimEnd().Split('\n').Last().Trim();
    }

    public static async Task<Result> RunAsync(IDictionary<string, string?> env, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "logistics.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Remove("LOGISTICS_DB");
        psi.Environment.Remove("ConnectionStrings__Logistics");
        foreach (var (k, v) in env)
            if (v is null) psi.Environment.Remove(k); else psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await p.WaitForExitAsync(timeout.Token);
        return new Result(p.ExitCode, await stdout, await stderr);
    }

    public static Task<Result> RunAsync(string connectionString, params string[] args) =>
        RunAsync(new Dictionary<string, string?> { ["LOGISTICS_DB"] = connectionString }, args);
}
