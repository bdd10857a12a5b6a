namespace Logistics.Domain.Demand;

/// <summary>
/// The distinct codes of one kind (merchants, warehouses, regions, categories, carriers) numbered
/// densely from 0, so demand columns hold a small index per row instead of a string.
/// </summary>
public sealed class CodeTable
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _codes = [];

    public int Count => _codes.Count;
    public string this[int index] => _codes[index];
    public IReadOnlyList<string> Codes => _codes;

    /// <summary>A table numbering <paramref name="codes"/> in the order given (a repeated code keeps its first index).</summary>
    public static CodeTable Of(IEnumerable<string> codes)
    {
        var table = new CodeTable();
        foreach (var c in codes) table.Index(c);
        return table;
    }

    /// <summary>The code's index, numbering it next when it is new.</summary>
    public int Index(string code)
    {
        if (_ids.TryGetValue(code, out var i)) return i;
        i = _codes.Count;
        _ids.Add(code, i);
        _codes.Add(code);
        return i;
    }

    public int Find(string code) => _ids.TryGetValue(code, out var i) ? i : -1;
}
