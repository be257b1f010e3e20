using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConflictClient.Json;

/// <summary>One side at one path of a merge: a value, missing, or (for the base of a merge without one) unknown.</summary>
internal readonly struct MergeSlot
{
    private const byte PresentState = 1;
    private const byte UnknownState = 2;
    private readonly byte _state;

    private MergeSlot(JsonElement value, byte state)
    {
        Value = value;
        _state = state;
    }

    public static MergeSlot Missing => default;

    public static MergeSlot Unknown => new(default, UnknownState);

    public JsonElement Value { get; }

    public bool Exists => _state == PresentState;

    public bool IsUnknown => _state == UnknownState;

    public JsonValueKind Kind => Exists ? Value.ValueKind : JsonValueKind.Undefined;

    public static MergeSlot Of(JsonElement value) => new(value, PresentState);

    public static bool AreEqual(MergeSlot a, MergeSlot b) =>
        a.Exists == b.Exists && (!a.Exists || JsonElement.DeepEquals(a.Value, b.Value));

    public JsonMergeValue ToMergeValue() => new(Exists, Exists ? JsonNodeOf(Value) : null);

    /// <summary>A node that outlives the element's document (conflicts are read after the documents are disposed).</summary>
    public static JsonNode? JsonNodeOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(element.Clone()),
        JsonValueKind.Array => JsonArray.Create(element.Clone()),
        JsonValueKind.Null => null,
        _ => JsonValue.Create(element.Clone()),
    };
}
