using System.Text.Json;

namespace ConflictClient.Json;

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

    public MergeSlot Find(string key) => _byKey.TryGetValue(key, out var item) ? MergeSlot.Of(item) : MergeSlot.Missing;
}
