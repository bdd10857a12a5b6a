using Logistics.Server.Cli;

namespace Logistics.Benchmarks;

/// <summary>The benchmarks' own option reader (the `logistics` command line uses System.CommandLine): positional words and --options (`--name value`, `--name=value`, or a bare flag).</summary>
internal sealed class Args
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    public List<string> Words { get; } = [];

    /// <summary>When set, <see cref="RejectUnknown"/> leaves unknown options to the caller (several commands sharing one line).</summary>
    public bool Shared { get; init; }

    /// <summary>The options given that nothing has asked for.</summary>
    public IEnumerable<string> Unused => _options.Keys.Where(k => !_used.Contains(k));

    public Args(IEnumerable<string> args, IReadOnlySet<string> flags)
    {
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var a = list[i];
            if (!a.StartsWith("--", StringComparison.Ordinal) || a == "--") { Words.Add(a); continue; }
            var eq = a.IndexOf('=');
            if (eq > 0) { _options[a[2..eq]] = a[(eq + 1)..]; continue; }
            var name = a[2..];
            if (flags.Contains(name)) _options[name] = null;
            else if (i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal)) _options[name] = list[++i];
            else throw new UsageException($"--{name} needs a value");
        }
    }

    public bool Flag(string name) { _used.Add(name); return _options.ContainsKey(name); }

    public string? Option(string name)
    {
        _used.Add(name);
        return _options.TryGetValue(name, out var v) ? v ?? throw new UsageException($"--{name} needs a value") : null;
    }

    /// <summary>Rejects options the command did not ask for, so a typo is not silently ignored.</summary>
    public void RejectUnknown()
    {
        var unknown = Unused.ToList();
        if (unknown.Count > 0 && !Shared) throw new UsageException($"unknown option --{unknown[0]}");
    }
}
