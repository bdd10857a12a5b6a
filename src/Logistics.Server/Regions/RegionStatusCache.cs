using System.Collections.Concurrent;

namespace Logistics.Server.Regions;

/// <summary>
/// A region's status as sent, per published run and hour: the same for every caller allowed to see it
/// (tenancy is a yes or no, checked per request before this), and hundreds of kilobytes at national
/// scale, so each is built once per publication and hour rather than per poll. Bounded: when full it
/// starts over, since every entry of an older run or hour is dead anyway.
/// </summary>
internal sealed class RegionStatusCache
{
    private const int MaxEntries = 512;
    private readonly ConcurrentDictionary<(string Region, string Campaign, long? Run, long Hour), byte[]> _bodies = new();

    public async Task<byte[]> GetAsync((string Region, string Campaign, long? Run, long Hour) key, Func<Task<byte[]>> build)
    {
        if (_bodies.TryGetValue(key, out var body)) return body;
        body = await build();
        if (_bodies.Count >= MaxEntries) _bodies.Clear();
        _bodies[key] = body;
        return body;
    }
}
