using Logistics.Domain.Demand;

namespace Logistics.Domain.Forecasting;

/// <summary>
/// The model's ids for one code table's indices, interned the first time an index is met: ids are
/// then numbered in the order codes first appear in the rows, as when rows carried strings, so the
/// same rows in the same order give bit-for-bit the same forecast however codes were numbered.
/// </summary>
internal sealed class CodeMap(CodeTable codes, Interner interner)
{
    private int[] _ids = [];

    public int Id(int index)
    {
        if (index >= _ids.Length)
        {
            var old = _ids.Length;
            Array.Resize(ref _ids, Math.Max(index + 1, codes.Count));
            Array.Fill(_ids, -1, old, _ids.Length - old);
        }
        var id = _ids[index];
        if (id < 0) _ids[index] = id = interner.Id(codes[index]);
        return id;
    }
}
