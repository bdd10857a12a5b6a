using Logistics.Server.Ingest;

namespace Logistics.Server.Demand;

/// <summary>A signals line as a demand_signals row (see <see cref="SignalsFormat"/> for the columns).</summary>
internal sealed class SignalsRowResolver(BulkLookups lookups) : DemandRowResolver(lookups)
{
    private readonly long?[] _counts = new long?[5];
    // Few distinct categories: one string each, not one per line.
    private readonly Dictionary<string, string> _categories = new(StringComparer.Ordinal);
    private string _category = "";

    public override bool TryResolve(string[] f)
    {
        if (!TryCommon(f[0], f[1], f[2], f[3], f[5]) || !Ingest.Codes.IsValid(f[4])) return false;
        for (var i = 0; i < _counts.Length; i++)
            if (!DemandCells.TryOptionalCount(f[6 + i], out _counts[i])) return false;
        if (!_categories.TryGetValue(f[4], out var category)) _categories[f[4]] = category = f[4];
        _category = category;
        return true;
    }

    public override void Write(BinaryCopyWriter copy)
    {
        copy.Write(CampaignId);
        copy.Write(MerchantId);
        copy.Write(WarehouseId);
        copy.Write(RegionId);
        copy.Write(_category);
        copy.Write(Day);
        foreach (var count in _counts)
            if (count is { } c) copy.Write(c);
            else copy.WriteNull();
    }
}
