using System.Text.Json;

namespace ConflictClient.Merging;

/// <summary>The items of an array of objects, indexed by a key member, in array order.</summary>
internal sealed class KeyedItems
{
    private readonly Dictionary<string, JsonElement> _byKey;

    private KeyedItems(List<(string Key, JsonElement Item)> ordered, Dictionary<string, JsonElement> byKey)
    {
        Ordered = ordered;
        _byKey = byKey;
    }

    public IReadOnlyList<(string Key, JsonElement Item)> Ordered { get; }

    /// <summary>Indexes the array; fails when an item is not an object, lacks a string or number key, or repeats a key.</summary>
    public static bool TryCreate(MergeSlot array, string keyMember, out KeyedItems? items)
    {
        items = null;
        if (!array.Exists)
        {
            // A missing or unknown base array has no items; the caller treats it as such.
            return true;
        }

        var ordered = new List<(string, JsonElement)>(array.Value.GetArrayLength());
        var byKey = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var item in array.Value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty(keyMember, out var keyValue))
            {
                return false;
            }

            var key = keyValue.ValueKind switch
            {
                JsonValueKind.String => "s" + keyValue.GetString(),
                JsonValueKind.Number => "n" + keyValue.GetRawText(),
                _ => null,
            };
            if (key is null || !byKey.TryAdd(key, item))
            {
                return false;
            }

            ordered.Add((key, item));
        }

        items = new KeyedItems(ordered, byKey);
        return true;
    }

    public MergeSlot Find(string key) => _byKey.TryGetValue(key, out var item) ? MergeSlot.Of(item) : MergeSlot.Missing;
}
