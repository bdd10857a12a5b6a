using Logistics.Domain.Handling;

namespace Logistics.Server.Network;

/// <summary>One validated line of a network file.</summary>
internal sealed record NetworkRow(long Line, string Kind, string Code, string Name, string Parent, string Region, int? TransitHours, HandlingClass? Handling = null)
{
    public static readonly string[] Kinds = ["carrier", "hub", "warehouse", "merchant", "region", "lane", "merchant_warehouse", "category"];
    public static readonly string[] Required = ["kind", "code", "name", "parent", "region"];
    public static readonly string[] Optional = ["transit_hours", "handling"];

    /// <summary>For lane (WAREHOUSE>HUB) and merchant_warehouse (MERCHANT>WAREHOUSE) codes.</summary>
    public (string Left, string Right) Pair
    {
        get
        {
            var i = Code.IndexOf('>');
            return (Code[..i], Code[(i + 1)..]);
        }
    }
}
