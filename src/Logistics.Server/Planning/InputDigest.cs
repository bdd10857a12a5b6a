using Logistics.Domain.Campaigns;
using Logistics.Domain.Demand;
using Logistics.Domain.Network;
using Logistics.Domain.Planning;

namespace Logistics.Server.Planning;

/// <summary>
/// The digest of every input a planning run reads, in a fixed order: equal digests mean nothing a
/// run reads has changed, so it would publish the same plan. The previous alerts are left out on
/// purpose: they are the last run's output, and an unchanged world must not re-publish itself.
/// </summary>
internal static class InputDigest
{
    /// <param name="signals">The current campaign's signal table's digest (<see cref="OfSignals"/>).</param>
    /// <param name="past">Each past campaign's code and its signal and outcome tables' digests, most recent first.</param>
    public static string Of(Campaign campaign, NetworkModel network, IReadOnlyList<CapacitySeries> capacities, DemandCodes codes,
        byte[] signals, DateOnly asOf, IReadOnlyList<(string Code, byte[] Signals, byte[] Outcomes)> past)
    {
        var json = SnapshotReader.StateJson;
        using var hash = new SnapshotDigest();
        hash.AddJson(campaign with { SaleDays = campaign.SaleDays.ToArray() }, json);
        hash.AddJson(network, json);
        foreach (var c in capacities) hash.AddJson(c, json);
        foreach (var table in new[] { codes.Merchants, codes.Warehouses, codes.Regions, codes.Carriers }) hash.Add(table, json);
        hash.Add(signals);
        hash.AddJson(asOf, json);
        foreach (var (code, pastSignals, outcomes) in past)
        {
            hash.AddJson(code, json);
            hash.Add(pastSignals);
            hash.Add(outcomes);
        }
        return hash.Finish();
    }

    /// <summary>A signal table's own digest, to be added to the snapshot's.</summary>
    public static byte[] OfSignals(SignalColumns rows) => SnapshotDigest.Of(rows, SnapshotReader.StateJson);

    /// <summary>A table once read, with its own digest (taken on the thread that finished the read, beside the other streams).</summary>
    public static async Task<(T Rows, byte[] Digest)> OfTableAsync<T>(Task<T> read, Func<T, byte[]> digest)
    {
        var rows = await read;
        return (rows, digest(rows));
    }
}
