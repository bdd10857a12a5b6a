namespace Logistics.Server.Uploads;

/// <summary>What an upload holds; spelled by <see cref="UploadKinds"/> alone.</summary>
public enum UploadKind
{
    /// <summary>Carriers, hubs, merchants, warehouses, regions and lanes.</summary>
    Network,
    Campaigns,
    /// <summary>Merchants' demand signals.</summary>
    Signals,
    /// <summary>What past campaigns really shipped.</summary>
    Outcomes,
    /// <summary>Hourly capacity, from a carrier or from ops.</summary>
    Capacity,
}
