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
