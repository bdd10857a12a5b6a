using Logistics.Server.Campaigns;
using Logistics.Server.Capacity;
using Logistics.Server.Demand;
using Logistics.Server.Ingest;
using Logistics.Server.Network;

namespace Logistics.Server.Uploads;

/// <summary>
/// Every upload kind and how it gets in: the API's endpoints, the command line's import, the demo
/// and the load jobs all look a kind up here. A new kind is its folder and one line below.
/// </summary>
internal static class UploadCatalog
{
    /// <summary>In the order of their endpoints.</summary>
    public static IReadOnlyList<UploadKindSpec> All { get; } =
    [
        WholeFilePipeline.Spec(UploadKind.Network, NetworkFile.Instance),
        WholeFilePipeline.Spec(UploadKind.Campaigns, CampaignsFile.Instance),
        StagedPipeline.Spec(UploadKind.Signals, SignalsFormat.Instance),
        StagedPipeline.Spec(UploadKind.Outcomes, OutcomesFormat.Instance),
        CapacityPipeline.Spec,
    ];

    private static readonly Dictionary<UploadKind, UploadKindSpec> ByKind = All.ToDictionary(s => s.Kind);

    public static UploadKindSpec Of(UploadKind kind) =>
        ByKind.TryGetValue(kind, out var spec) ? spec : throw new ArgumentOutOfRangeException(nameof(kind), kind, "not in the upload catalog");
}
