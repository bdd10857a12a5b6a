using System.Collections;
using Logistics.Domain.Planning;
using Logistics.Server.Publication;
using Logistics.Server.Windows;

namespace Logistics.Server.Planning;

/// <summary>
/// A plan's windows as published: hours from the horizon's start, read once as the publication copies
/// them, by index where the plan holds them so (<see cref="Indexed"/>), else as records noting on
/// the way the lanes each merchant's windows use. The audiences need those lanes; from indices they
/// are gathered in one cheap pass, from records a second read of seventeen million would cost seconds.
/// </summary>
internal sealed class PlannedWindows(PlanResult plan, DateTimeOffset start) : IEnumerable<PublishedWindow>, IHourlyWindows
{
    public DateTimeOffset Base => start;

    /// <summary>The plan's windows by index, when it holds them so (a planner's plan does); the lanes are then gathered from the indices, after the copy.</summary>
    public IIndexedWindows? Indexed => plan.Windows as IIndexedWindows;

    /// <summary>Each merchant's lanes (warehouse, class, carrier, hub) as its windows use them, in the windows' order: a window per lane.</summary>
    public WindowLanes Lanes { get; } = new();

    public IEnumerable<HourlyWindow> Hourly
    {
        get
        {
            Lanes.Clear();
            foreach (var w in plan.Windows)
            {
                Lanes.Note(w);
                yield return new HourlyWindow(w.Merchant, w.Warehouse, w.Carrier, w.Hub, w.StartHour, w.EndHour - w.StartHour, checked((int)w.MaxParcels), w.Handling);
            }
            Lanes.Complete = true;
        }
    }

    public IEnumerator<PublishedWindow> GetEnumerator()
    {
        foreach (var w in Hourly)
            yield return new PublishedWindow(w.Merchant, w.Warehouse, w.Carrier, w.Hub, start.AddHours(w.StartHour), start.AddHours(w.StartHour + w.Hours), w.MaxParcels, w.Handling);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal sealed class WindowLanes : List<ShipmentWindow>
    {
        public bool Complete { get; set; }

        public void Note(ShipmentWindow w)
        {
            if (Count == 0 || !SameLane(w, this[^1])) Add(w);
        }

        public void Gather(IEnumerable<ShipmentWindow> windows)
        {
            Clear();
            if (windows is IIndexedWindows indexed)
            {
                // A lane changes where the merchant, warehouse or lane index does: codes are unique per index.
                var last = default(IndexedWindow);
                for (var i = 0; i < indexed.Count; i++)
                {
                    var w = indexed.At(i);
                    if (i > 0 && (w.Merchant, w.Warehouse, w.Lane) == (last.Merchant, last.Warehouse, last.Lane)) continue;
                    var (carrier, hub) = indexed.Lanes(w.Warehouse)[w.Lane];
                    Add(new ShipmentWindow(indexed.Merchants[w.Merchant], indexed.Warehouses[w.Warehouse], carrier, hub, w.StartHour, w.EndHour, w.MaxParcels,
                        indexed.Handling(w.Warehouse)));
                    last = w;
                }
            }
            else
                foreach (var w in windows) Note(w);
            Complete = true;
        }

        private static bool SameLane(ShipmentWindow a, ShipmentWindow b) =>
            a.Merchant == b.Merchant && a.Warehouse == b.Warehouse && a.Handling == b.Handling && a.Carrier == b.Carrier && a.Hub == b.Hub;
    }
}
