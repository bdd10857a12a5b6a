namespace Logistics.Server.Planning;

/// <summary>One field of a row key: the row's rank in it, from 0 to <see cref="Count"/> - 1.</summary>
internal readonly record struct KeyField(Func<int, int> Rank, int Count);

/// <summary>
/// Restores a primary key's order to rows read in a table's physical order: the snapshot scans
/// demand partitions without ORDER BY (a sequential scan costs PostgreSQL less than walking the
/// index), and the forecast must still meet the rows in key order. The key is unique, so the
/// sorted order is unique too, whatever order the rows came in.
/// </summary>
internal static class KeyOrder
{
    /// <summary>
    /// The permutation that puts the rows in key order (row <c>order[i]</c> goes to i), or null when
    /// they already are. <paramref name="fields"/> are the key's fields, most significant first.
    /// </summary>
    public static int[]? Of(int rows, params KeyField[] fields)
    {
        var widths = fields.Select(f => f.Count <= 1 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)(f.Count - 1))).ToArray();
        return widths.Sum() <= 64 ? Packed(rows, fields, widths) : Compared(rows, fields);
    }

    /// <summary>Each row's ranks packed into one number (the usual case: a national key needs about 50 bits), checked, and sorted only when out of order.</summary>
    private static int[]? Packed(int rows, KeyField[] fields, int[] widths)
    {
        var keys = new ulong[rows];
        for (var f = 0; f < fields.Length; f++)
        {
            var (rank, width) = (fields[f].Rank, widths[f]);
            for (var i = 0; i < rows; i++) keys[i] = (keys[i] << width) | (uint)rank(i);
        }
        if (Increasing(keys)) return null;
        var order = new int[rows];
        for (var i = 0; i < rows; i++) order[i] = i;
        // When the leading field never decreases (a table loaded merchant by merchant), only rows
        // sharing it can be out of order: many small sorts that stay in cache, not one large one.
        var below = widths.Sum() - widths[0];
        if (widths[0] > 0 && Increasing(keys, below, strictly: false))
            for (var start = 0; start < rows;)
            {
                var end = start + 1;
                while (end < rows && keys[end] >> below == keys[start] >> below) end++;
                Array.Sort(keys, order, start, end - start);
                start = end;
            }
        else Array.Sort(keys, order);
        if (!Increasing(keys)) throw new InvalidOperationException("two demand rows share a key");
        return order;
    }

    /// <summary>Whether the keys (shifted right by <paramref name="shift"/>) increase, strictly or not.</summary>
    private static bool Increasing(ReadOnlySpan<ulong> keys, int shift = 0, bool strictly = true)
    {
        for (var i = 1; i < keys.Length; i++)
        {
            var (previous, next) = (keys[i - 1] >> shift, keys[i] >> shift);
            if (next < previous || (strictly && next == previous)) return false;
        }
        return true;
    }

    /// <summary>A key too wide to pack: rows compared field by field.</summary>
    private static int[]? Compared(int rows, KeyField[] fields)
    {
        int Compare(int a, int b)
        {
            foreach (var f in fields)
                if (f.Rank(a).CompareTo(f.Rank(b)) is var c and not 0) return c;
            return 0;
        }
        var sorted = true;
        for (var i = 1; i < rows && sorted; i++) sorted = Compare(i - 1, i) < 0;
        if (sorted) return null;
        var order = new int[rows];
        for (var i = 0; i < rows; i++) order[i] = i;
        Array.Sort(order, Compare);
        for (var i = 1; i < rows; i++)
            if (Compare(order[i - 1], order[i]) == 0) throw new InvalidOperationException("two demand rows share a key");
        return order;
    }
}
