namespace Logistics.Server.Publication;

/// <summary>
/// A sequence read into a list on another thread, for a publication to take later. Disposed before
/// it was taken (the publication failed on the way), it is cancelled and waited for, so a failed
/// publication leaves nothing running and nothing unobserved.
/// </summary>
internal sealed class Gathering<T> : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task<List<T>> _list;

    public Gathering(IEnumerable<T> items, CancellationToken ct)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var stop = _stop.Token;
        _list = Task.Run(() =>
        {
            var list = new List<T>();
            foreach (var item in items)
            {
                stop.ThrowIfCancellationRequested();
                list.Add(item);
            }
            return list;
        }, stop);
    }

    public Task<List<T>> List => _list;

    public async ValueTask DisposeAsync()
    {
        if (!_list.IsCompleted) await _stop.CancelAsync();
        await Task.WhenAny(_list);
        _ = _list.Exception; // observed: the publication's own failure is the one reported
        _stop.Dispose();
    }
}
