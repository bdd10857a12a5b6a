namespace Logistics.Server.Planning;

/// <summary>A planning run that cannot proceed for a reason a person can act on.</summary>
internal sealed class PlanningException(string message) : Exception(message);
