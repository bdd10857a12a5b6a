using System.Globalization;

namespace Logistics.Benchmarks;

/// <summary>The process's resident memory from /proc/self/status ("VmHWM:\t<kB> kB", no space once it has 8 digits), in MB.</summary>
internal static class PeakMemory
{
    /// <summary>The peak so far (VmHWM).</summary>
    public static double Megabytes() => Read("VmHWM:");

    /// <summary>Resident now (VmRSS).</summary>
    public static double ResidentMegabytes() => Read("VmRSS:");

    private static double Read(string field)
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? double.NaN : long.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
