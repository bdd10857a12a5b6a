using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Logistics.Domain;

/// <summary>
/// Work split over threads that fails as the serial code did: every part has ended before the
/// failure is thrown (nothing is left running on a model being torn down), and a single failure
/// is thrown as itself rather than inside (nested) AggregateExceptions, so a run's recorded error
/// still says what went wrong.
/// </summary>
internal static class Parallelism
{
    /// <summary>Runs the actions side by side and waits for all of them.</summary>
    public static void Invoke(params Action[] actions) => Unwrapped(() => Parallel.Invoke(actions));

    /// <summary>
    /// Runs <paramref name="body"/> over [0, <paramref name="count"/>) in ranges of <paramref name="chunk"/>,
    /// each range on one thread with that thread's <paramref name="local"/> state (scratch buffers);
    /// nothing when there is nothing to do (a range partitioner refuses an empty range).
    /// </summary>
    public static void ForRanges<TLocal>(int count, int chunk, Func<TLocal> local, Action<int, int, TLocal> body)
    {
        if (count <= 0) return;
        Unwrapped(() => Parallel.ForEach(Partitioner.Create(0, count, Math.Max(1, chunk)), local,
            (range, _, state) =>
            {
                body(range.Item1, range.Item2, state);
                return state;
            }, _ => { }));
    }

    /// <inheritdoc cref="ForRanges{TLocal}"/>
    public static void ForRanges(int count, int chunk, Action<int, int> body) => ForRanges(count, chunk, () => 0, (from, to, _) => body(from, to));

    /// <summary>Runs <paramref name="work"/>, which starts parallel loops, rethrowing a lone failure as itself.</summary>
    public static void Unwrapped(Action work)
    {
        try
        {
            work();
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Throw(e.Flatten().InnerExceptions[0]);
        }
    }
}
