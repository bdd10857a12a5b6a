using System.Text.Json.Nodes;
using static Logistics.Server.OpenApiExamples;

namespace Logistics.Server.Planning;

/// <summary>A queued run, and the body that queues one.</summary>
internal static class PlanningExamples
{
    /// <summary>Adds this feature's examples to the OpenAPI document (called as its endpoints are mapped).</summary>
    public static void Add()
    {
        OpenApiExamples.AddResponse(() => new PlanningEndpoints.PlanQueued("D11-2026", "job 4211", RunStatuses.Queued, "4211"));
        OpenApiExamples.AddJsonRequest("v1/plan-runs", () => new JsonObject { ["campaign"] = "D11-2026" });
    }
}
