using Logistics.Scenarios;

namespace Logistics.Domain.Tests.Scenarios;

/// <summary>One small scenario shared by the tests of a class (generation is cheap but not free).</summary>
public sealed class SmallScenario
{
    public const ulong Seed = 7;

    public Scenario Scenario { get; } = ScenarioGenerator.Generate(ScenarioScale.Small, Seed);
}
