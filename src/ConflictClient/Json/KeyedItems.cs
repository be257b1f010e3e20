using System.Text.Json;

namespace ConflictClient.Json;

/// <summary>The items of an array of objects, indexed by a key member, in array order.</summary>
internal sealed class KeyedItems
{
    private readonly Dictionary<ItemKey, JsonElement> _byKey;

    private KeyedItems(List<(ItemKey Key, JsonElement Item)> ordered, Dictionary<ItemKey, JsonElement> byKey)
    {
        Ordered = ordered;
        _byKey = byKey;
    }

    public IReadOnlyList<(ItemKey Key, JsonElement Item)> Ordered { get; }

    /// <summary>Indexes the array; fails when an item is not an object, lacks a string or number key, or repeats a key.</summary>
    public static bool TryCreate(MergeSlot array, string keyMember, out KeyedItems? items)
    {
        items = null;
        if (!array.Exists)
        {
            // A missing or unknown base array has no items; the caller treats it as such.
            return true;
        }

        // Sized once: a list of 10,000 items would otherwise grow the index several times over.
        var length = array.Value.GetArrayLength();
        var ordered = new List<(ItemKey, JsonElement)>(length);
        var byKey = new Dictionary<ItemKey, JsonElement>(length);
        foreach (var item in array.Value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty(keyMember, out var keyValue))
            {
                return false;
            }

            // A string "1" and a number 1 are different keys; the kind tells them apart without building a new string.
            ItemKey? key = keyValue.ValueKind switch
            {
                JsonValueKind.String => new ItemKey(IsNumber: false, keyValue.GetString()!),
                JsonValueKind.Number => new ItemKey(IsNumber: true, keyValue.GetRawText()),
                _ => null,
            };
            if (key is not { } itemKey || !byKey.TryAdd(itemKey, item))
            {
                return false;
            }

            ordered.Add((itemKey, item));
        }

        items = new KeyedItems(ordered, byKey);
        return true;
    }

    /// <summary>
    /// True when all present arrays hold objects with the same keys in the same order (compared on the raw JSON, without
    /// allocating): items can then be merged position by position.
    /// </summary>
    public static bool AreAligned(MergeSlot b, MergeSlot l, MergeSlot r, string keyMember)
    {
        var length = r.Value.GetArrayLength();
        if (l.Value.GetArrayLength() != length || (b.Exists && b.Value.GetArrayLength() != length))
        {
            return false;
        }

        var keyName = System.Text.Encoding.UTF8.GetBytes(keyMember);
        using var remote = r.Value.EnumerateArray();
        using var local = l.Value.EnumerateArray();
        using var based = b.Exists ? b.Value.EnumerateArray() : default;
        while (remote.MoveNext())
        {
            local.MoveNext();
            if (!TryRawKey(remote.Current, keyName, out var key) || !SameKey(local.Current, keyName, key))
            {
                return false;
            }

            if (b.Exists && (!based.MoveNext() || !SameKey(based.Current, keyName, key)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryRawKey(JsonElement item, byte[] keyName, out JsonElement key)
    {
        key = default;
        return item.ValueKind == JsonValueKind.Object && item.TryGetProperty(keyName, out key) &&
            key.ValueKind is JsonValueKind.String or JsonValueKind.Number;
    }

    private static bool SameKey(JsonElement item, byte[] keyName, JsonElement key) =>
        TryRawKey(item, keyName, out var other) && other.ValueKind == key.ValueKind &&
        System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(other).SequenceEqual(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(key));

    public MergeSlot Find(ItemKey key) => _byKey.TryGetValue(key, out var item) ? MergeSlot.Of(item) : MergeSlot.Missing;

    /// <summary>An item's key: its text, and whether it was a JSON number (so "1" and 1 differ).</summary>
    internal readonly record struct ItemKey(bool IsNumber, string Text);
}
