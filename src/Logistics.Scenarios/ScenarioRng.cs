namespace Logistics.Scenarios;

/// <summary>
/// SplitMix64: tiny, fast and fully specified, so output is identical across .NET versions
/// (System.Random's algorithm is an implementation detail). Streams are keyed by
/// (seed, purpose, ids) so any merchant/campaign can be regenerated alone, in any order.
/// </summary>
public struct ScenarioRng
{
    private ulong _state;

    public ScenarioRng(ulong state) => _state = state;

    public static ScenarioRng For(ulong seed, ulong purpose, ulong a = 0, ulong b = 0, ulong c = 0)
    {
        var h = Mix(seed ^ 0x9E3779B97F4A7C15UL);
        h = Mix(h ^ purpose);
        h = Mix(h ^ a);
        h = Mix(h ^ b);
        h = Mix(h ^ c);
        return new ScenarioRng(h);
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextULong()
    {
        _state += 0x9E3779B97F4A7C15UL;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 53 bits.</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    public double Uniform(double lo, double hi) => lo + (hi - lo) * NextDouble();

    /// <summary>Uniform integer in [0, n).</summary>
    public int NextInt(int n) => (int)((NextULong() >> 33) % (ulong)n);

    /// <summary>Standard normal (Box–Muller; one value per call keeps streams simple to reason about).</summary>
    public double Normal()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>exp(N(mu, sigma)).</summary>
    public double LogNormal(double mu, double sigma) => Math.Exp(mu + sigma * Normal());

    /// <summary>Integer with expectation x: floor plus a coin for the fraction (unbiased, cheap).</summary>
    public long Round(double x)
    {
        if (x <= 0) return 0;
        var f = Math.Floor(x);
        return (long)f + (NextDouble() < x - f ? 1 : 0);
    }

    /// <summary>Poisson count: exact for small means, normal approximation above 30.</summary>
    public long Poisson(double mean)
    {
        if (mean <= 0) return 0;
        if (mean > 30) return Math.Max(0, (long)Math.Round(mean + Math.Sqrt(mean) * Normal()));
        var l = Math.Exp(-mean);
        long k = 0;
        var p = NextDouble();
        while (p > l) { k++; p *= NextDouble(); }
        return k;
    }
}
