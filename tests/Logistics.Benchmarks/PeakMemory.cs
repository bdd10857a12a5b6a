using System.Globalization;

namespace Logistics.Benchmarks;

/// <summary>The process's peak resident memory so far (VmHWM; "VmHWM:\t<kB> kB", no space once it has 8 digits).</summary>
internal static class PeakMemory
{
    public static double Megabytes()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : long.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
