namespace Logistics.Domain.Forecasting;

/// <summary>How a unit's recent level is taken from its daily volumes before the as-of date (days without a row count as zero).</summary>
public enum LevelStatistic
{
    /// <summary>The mean: over whole weeks the weekdays cancel out.</summary>
    Mean,
    /// <summary>The median: a few disrupted days (a closure, a lockdown) barely move it.</summary>
    Median,
}
