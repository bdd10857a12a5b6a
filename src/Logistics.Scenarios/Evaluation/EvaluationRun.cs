namespace Logistics.Scenarios.Evaluation;

/// <summary>One run of the replay: its as-of date and time (UTC), and its figures.</summary>
public sealed record EvaluationRun(DateOnly AsOf, DateTimeOffset RunAt, int RunHour, EvaluationFigures Figures);
