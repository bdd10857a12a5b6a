namespace Logistics.Server.Storage;

/// <summary>
/// Tells the sweeps that look for crash leftovers that the database was restarted under this
/// process: every session ended with it, so runs and loads that were going are now leftovers.
/// </summary>
internal sealed class DatabaseRestarts
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next restart; take it before looking, so a restart meanwhile is not missed.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Signal() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
