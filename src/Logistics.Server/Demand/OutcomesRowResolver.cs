using Logistics.Domain.Handling;
using Logistics.Server.Ingest;

namespace Logistics.Server.Demand;

/// <summary>An outcomes line as a demand_outcomes row (see <see cref="OutcomesFormat"/> for the columns).</summary>
internal sealed class OutcomesRowResolver(BulkLookups lookups) : DemandRowResolver(lookups)
{
    private long _carrier, _parcels;
    private short _hour;
    private string _handling = HandlingClasses.Parcel;

    public override bool TryResolve(string[] f) =>
        TryCommon(f[0], f[1], f[2], f[4], f[5]) && Lookups.Carriers.TryGetValue(f[3], out _carrier)
        && DemandCells.TryHour(f[6], out _hour) && DemandCells.TryCount(f[7], out _parcels) && TryHandling(f[8]);

    /// <summary>Empty is a parcel; anything but the two spellings goes to the text staging, whose check names it.</summary>
    private bool TryHandling(string text)
    {
        if (text.Length == 0) { _handling = HandlingClasses.Parcel; return true; }
        if (!HandlingClasses.TryParse(text, out var c)) return false;
        _handling = HandlingClasses.Name(c);
        return true;
    }

    public override void Write(BinaryCopyWriter copy)
    {
        copy.Write(CampaignId);
        copy.Write(MerchantId);
        copy.Write(WarehouseId);
        copy.Write(_carrier);
        copy.Write(RegionId);
        copy.Write(Day);
        copy.Write(_hour);
        copy.Write(_parcels);
        copy.Write(_handling);
    }
}
