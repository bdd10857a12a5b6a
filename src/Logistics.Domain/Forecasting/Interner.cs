namespace Logistics.Domain.Forecasting;

/// <summary>Maps strings to dense ints (first-seen order) so the hot loops work on arrays.</summary>
internal sealed class Interner
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];

    public int Count => _names.Count;
    public string this[int id] => _names[id];

    public int Id(string name)
    {
        if (_ids.TryGetValue(name, out var id)) return id;
        id = _names.Count;
        _ids.Add(name, id);
        _names.Add(name);
        return id;
    }

    public int Find(string name) => _ids.TryGetValue(name, out var id) ? id : -1;
}
