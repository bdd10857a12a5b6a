namespace Logistics.Scenarios.Evaluation;

/// <summary>One handling class's figures over all runs of a replay: its nodes, its alerts, its parcels.</summary>
public sealed record ClassFigures(string Handling, EvaluationFigures Figures);
