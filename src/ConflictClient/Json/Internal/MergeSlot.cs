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

    /// <summary>
    /// Whether <paramref name="local"/> says what <paramref name="b"/> says, leaving out members it does not model:
    /// every member it has is in the base, equal in the same sense; arrays item by item; anything else exactly.
    /// </summary>
    public static bool ModelsEqual(MergeSlot b, MergeSlot local) =>
        !local.Exists || (b.Exists && ModelsEqual(b.Value, local.Value));

    private static bool ModelsEqual(JsonElement b, JsonElement local)
    {
        if (local.ValueKind == JsonValueKind.Object && b.ValueKind == JsonValueKind.Object)
        {
            foreach (var member in local.EnumerateObject())
            {
                if (!b.TryGetProperty(member.Name, out var value) || !ModelsEqual(value, member.Value))
                {
                    return false;
                }
            }

            return true;
        }

        if (local.ValueKind == JsonValueKind.Array && b.ValueKind == JsonValueKind.Array)
        {
            if (local.GetArrayLength() != b.GetArrayLength())
            {
                return false;
            }

            using var items = b.EnumerateArray();
            foreach (var item in local.EnumerateArray())
            {
                items.MoveNext();
                if (!ModelsEqual(items.Current, item))
                {
                    return false;
                }
            }

            return true;
        }

        return JsonElement.DeepEquals(b, local);
    }

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
