using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ConflictClient.Json;

/// <summary>Source-generated metadata for turning nodes into elements without reflection.</summary>
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class JsonMergeSerializerContext : JsonSerializerContext;
