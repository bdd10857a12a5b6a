namespace Logistics.Server.Planning;

/// <summary>Puts demand tables' columns in key order one table at a time, process-wide, and lets go of what each left.</summary>
internal static class ReorderGate
{
    /// <summary>
    /// One stream restores its key order at a time, process-wide: the sort keys, the permutation and
    /// the scratch buffer the columns are permuted through are hundreds of megabytes for a national
    /// table, and two streams doing it at once had lifted the read's peak from 2.1 to 3.5 GB.
    /// </summary>
    private static readonly SemaphoreSlim Reordering = new(1);

    /// <summary>
    /// A full collection once a table's columns are final, so the arrays its reading, trimming and
    /// reordering left behind are reused by the next table instead of piling up until the GC gets to
    /// them: the read's peak was 1.5–2 GB above what it holds. The heap is a few large arrays of
    /// numbers, so marking it is quick.
    /// </summary>
    private static void LetGoOfOldColumns() => GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);

    /// <summary>
    /// Puts a table's columns in key order (<paramref name="order"/> is null when they already are),
    /// one table at a time, then lets go of what that left. The sort keys are let go before the
    /// columns are permuted (in place, through one scratch buffer; a column growth left too large
    /// gets an exact new array instead, which is its trim): after a process's first large read the
    /// collector's budget is large enough to keep all of that garbage around until the table is done,
    /// and a run's snapshot had peaked 1.2–1.5 GB above the same read in a fresh process.
    /// </summary>
    public static async Task InKeyOrderAsync(Func<int[]?> order, Action<int[]> reorder, Action trim, CancellationToken ct)
    {
        await Reordering.WaitAsync(ct);
        try
        {
            if (order() is { } permutation)
            {
                LetGoOfOldColumns();
                reorder(permutation);
            }
            else trim();
            LetGoOfOldColumns();
        }
        finally { Reordering.Release(); }
    }
}
