using System.Globalization;

namespace Logistics.Benchmarks;

/// <summary>The process's peak resident memory so far (VmHWM), the figure the memory goals are stated in.</summary>
internal static class PeakMemory
{
    public static double Megabytes()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
