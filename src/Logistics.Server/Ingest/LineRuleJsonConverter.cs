using System.Text.Json;
using System.Text.Json.Serialization;

namespace Logistics.Server.Ingest;

/// <summary>A <see cref="LineRule"/> in JSON is its code; a stored code no longer known reads as <see cref="LineRule.Unclassified"/>, so old reports stay readable.</summary>
public sealed class LineRuleJsonConverter : JsonConverter<LineRule>
{
    public override LineRule Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        LineRule.FromStored(reader.TokenType == JsonTokenType.String ? reader.GetString() : null);

    public override void Write(Utf8JsonWriter writer, LineRule value, JsonSerializerOptions options) => writer.WriteStringValue(value.Code);
}
