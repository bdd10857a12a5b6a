using System.Text.Json.Nodes;
using Logistics.Domain.Alerts;
using Logistics.Domain.Handling;
using Logistics.Domain.Planning;
using Logistics.Server.Alerts;
using Logistics.Server.Capacity;
using Logistics.Server.Planning;
using Logistics.Server.Publication;
using Logistics.Server.Uploads;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Logistics.Server;

/// <summary>
/// Schema fixes for generated clients: numbers typed as numbers only, and the closed sets of
/// strings (levels, kinds, statuses) as enums, so a TypeScript or C# client gets union types.
/// </summary>
internal static class OpenApiSchemas
{
    private static readonly string[] Levels = [.. AlertLevels.Published.Select(AlertLevels.Name)];
    private static readonly string[] NodeKinds = [.. Enum.GetValues<LoadNodeKind>().Select(AlertLevels.Name)];
    private static readonly string[] CapacityKinds = CapacityRow.Kinds;
    private static readonly string[] OverrideKinds = CapacityRow.Kinds;

    /// <summary>(type, JSON property) → its values; the spellings the server writes (AlertLevels, the SQL checks).</summary>
    private static readonly Dictionary<(Type, string), string[]> Enums = new()
    {
        [(typeof(AlertBody), "level")] = Levels,
        [(typeof(AlertBody), "kind")] = [.. Enum.GetValues<AlertKind>().Select(AlertLevels.Name)],
        [(typeof(AlertBody), "node_kind")] = NodeKinds,
        [(typeof(AlertEventView), "kind")] = ["created", "updated", "cleared", "ended"],
        [(typeof(UploadStatus), "status")] = [.. UploadStates.All.Select(UploadStates.Name)],
        [(typeof(UploadStatus), "kind")] = [.. UploadKinds.All.Select(UploadKinds.Name)],
        [(typeof(UploadStatus), "phase")] = ["waiting", "checking", "merging"],
        [(typeof(PlanRunView), "status")] = [.. RunStatuses.PlanRun.Select(RunStatuses.Name)],
        [(typeof(PlanningEndpoints.PlanQueued), "status")] = [RunStatuses.Queued],
        [(typeof(WhatIf.WhatIfView), "status")] = [.. RunStatuses.WhatIf.Select(RunStatuses.Name)],
        [(typeof(WhatIf.DiffAlert), "level")] = Levels,
        [(typeof(WhatIf.DiffAlert), "node_kind")] = NodeKinds,
        [(typeof(WhatIf.CapacityOverride), "kind")] = OverrideKinds,
        [(typeof(WhatIf.CapacityOverrideRequest), "kind")] = OverrideKinds,
        [(typeof(CapacityHour), "kind")] = CapacityKinds,
        [(typeof(Loads.NodeStatusView), "node_kind")] = NodeKinds,
        [(typeof(Windows.ShipmentWindowView), "handling")] = [.. HandlingClasses.Names],
        [(typeof(Network.NetworkEndpoints.Me), "role")] = ["merchant", "carrier", "ops"],
    };

    public static Task Transform(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken _)
    {
        if (context.JsonTypeInfo.Type == typeof(Ingest.LineRule)) LineRules(schema);
        NumbersOnly(schema);
        if (schema.Properties is { } properties)
            foreach (var (name, property) in properties)
            {
                if (property is OpenApiSchema p) NumbersOnly(p);
                if (property is OpenApiSchema s && Enums.TryGetValue((context.JsonTypeInfo.Type, name), out var values))
                {
                    s.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
                    if (s.Type?.HasFlag(JsonSchemaType.Null) == true) s.Enum.Add(null!);
                }
            }
        return Task.CompletedTask;
    }

    /// <summary>
    /// A bad line's rule is written by its own converter as its code, which the generator cannot see:
    /// a string of the codes, each with its meaning, as the README's table lists them.
    /// </summary>
    private static void LineRules(OpenApiSchema schema)
    {
        schema.Type = JsonSchemaType.String;
        schema.Enum = [.. Ingest.LineRule.All.Select(r => (JsonNode)JsonValue.Create(r.Code))];
        schema.Description = "The rule a bad line broke: a stable code to branch on (the reason beside it is for people and may be reworded).\n\n"
            + string.Join("\n", Ingest.LineRule.All.Select(r => $"- `{r.Code}`: {r.Meaning}"));
    }

    /// <summary>
    /// The web serializer reads numbers from strings too, so the generator types each number
    /// `["integer","string"]` with a pattern; the API writes numbers, and clients should send them.
    /// </summary>
    private static void NumbersOnly(OpenApiSchema schema)
    {
        if (schema.Type is not { } type || !type.HasFlag(JsonSchemaType.String)) return;
        if (!type.HasFlag(JsonSchemaType.Integer) && !type.HasFlag(JsonSchemaType.Number)) return;
        schema.Type = type & ~JsonSchemaType.String;
        schema.Pattern = null;
    }
}
