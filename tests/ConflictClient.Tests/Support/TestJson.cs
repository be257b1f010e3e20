using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Refit;

namespace ConflictClient.Tests.Support;

/// <summary>
/// The test APIs' JSON, source-generated: Refit 17 reads and writes only with metadata (Refit 16.4 takes it too), so the
/// suite runs unchanged against both.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Todo))]
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(Counter))]
[JsonSerializable(typeof(OpLog))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonArray))]
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class TestJson : JsonSerializerContext
{
    /// <summary>Refit settings that serialize with this context; what every test's Refit client uses.</summary>
    public static RefitSettings Refit() => new(new SystemTextJsonContentSerializer(Default.Options));
}
