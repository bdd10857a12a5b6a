using System.Collections;

namespace Logistics.Domain.Forecasting;

/// <summary>
/// The forecast's unit-days as columns, turned into <see cref="UnitDayForecast"/> records only when
/// read: at national scale there are millions, held while the forecast is split into hours, and a
/// record each cost more than twice these columns.
/// </summary>
internal sealed class UnitDays(DateOnly horizonStart) : IReadOnlyList<UnitDayForecast>
{
    private readonly List<(string Merchant, string Warehouse, string Region)> _units = [];
    private readonly List<int> _unit = [];
    private readonly List<short> _day = [];
    private readonly List<double> _p50 = [], _p90 = [], _signal = [];

    /// <summary>Starts the days of a unit; <see cref="Add"/> appends to the last one started.</summary>
    public void StartUnit(string merchant, string warehouse, string region) => _units.Add((merchant, warehouse, region));

    public void Add(int day, double p50, double p90, double signalP50)
    {
        _unit.Add(_units.Count - 1);
        _day.Add(checked((short)day));
        _p50.Add(p50); _p90.Add(p90); _signal.Add(signalP50);
    }

    public int Count => _unit.Count;
    /// <summary>Day i's index in the horizon (0 = its first day), P50 and P90.</summary>
    public int Day(int i) => _day[i];
    public double P50(int i) => _p50[i];
    public double P90(int i) => _p90[i];
    /// <summary>Day i's signal-driven part of its P50.</summary>
    public double SignalP50(int i) => _signal[i];

    public UnitDayForecast this[int index]
    {
        get
        {
            var (merchant, warehouse, region) = _units[_unit[index]];
            return new UnitDayForecast(merchant, warehouse, region, horizonStart.AddDays(_day[index]), _p50[index], _p90[index], _signal[index]);
        }
    }

    public IEnumerator<UnitDayForecast> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
