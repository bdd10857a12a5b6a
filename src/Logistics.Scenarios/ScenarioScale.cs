namespace Logistics.Scenarios;

public enum ScenarioScale
{
    /// <summary>About 200 merchants: unit tests, the demo's quick path.</summary>
    Small,
    /// <summary>100,000 merchants, 2,000 warehouses, 20 carriers × 30 hubs, 31 regions.</summary>
    National,
}
