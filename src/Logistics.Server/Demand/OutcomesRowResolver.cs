using Logistics.Server.Ingest;
using Npgsql;
using NpgsqlTypes;

namespace Logistics.Server.Demand;

/// <summary>An outcomes line as a demand_outcomes row (see <see cref="OutcomesFormat"/> for the columns).</summary>
internal sealed class OutcomesRowResolver(BulkLookups lookups) : DemandRowResolver(lookups)
{
    private long _carrier, _parcels;
    private short _hour;

    public override bool TryResolve(string[] f) =>
        TryCommon(f[0], f[1], f[2], f[4], f[5]) && Lookups.Carriers.TryGetValue(f[3], out _carrier)
        && DemandCells.TryHour(f[6], out _hour) && DemandCells.TryCount(f[7], out _parcels);

    public override void Write(NpgsqlBinaryImporter copy)
    {
        copy.Write(CampaignId, NpgsqlDbType.Bigint);
        copy.Write(MerchantId, NpgsqlDbType.Bigint);
        copy.Write(WarehouseId, NpgsqlDbType.Bigint);
        copy.Write(_carrier, NpgsqlDbType.Bigint);
        copy.Write(RegionId, NpgsqlDbType.Bigint);
        copy.Write(Day, NpgsqlDbType.Date);
        copy.Write(_hour, NpgsqlDbType.Smallint);
        copy.Write(_parcels, NpgsqlDbType.Bigint);
    }
}
