using Logistics.Domain.Planning;

namespace Logistics.Server.Windows;

/// <summary>
/// Windows that already count hours from one base, grouped by merchant: a planning run's. Read
/// through this, seventeen million windows need no time arithmetic each; read by index
/// (<see cref="Indexed"/>, when the plan offers it), no record and no code lookup each either.
/// </summary>
internal interface IHourlyWindows
{
    DateTimeOffset Base { get; }
    IEnumerable<HourlyWindow> Hourly { get; }
    IIndexedWindows? Indexed { get; }
}
