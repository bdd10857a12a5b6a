namespace Logistics.Domain.Handling;

/// <summary>
/// How a parcel is handled: down a parcel sorter, or (appliances, furniture) on a hub's bulky line
/// and a truck slot at pickup. A category is one or the other; a category nobody classed is a parcel.
/// </summary>
public enum HandlingClass
{
    Parcel,
    Bulky,
}
