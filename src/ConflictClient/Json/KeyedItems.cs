using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace ConflictClient.Json;

/// <summary>
/// The items of an array of objects, in array order, indexed by a key member. Keys are hashed and compared on the
/// document's own bytes, so indexing copies no key; the arrays are rented and go back with <see cref="Dispose"/>.
/// </summary>
internal sealed class KeyedItems : IDisposable
{
    private Entry[] _entries;
    private int[] _slots; // open addressing: an entry's index + 1; 0 is empty
    private int _mask;

    private KeyedItems(int capacity)
    {
        _entries = ArrayPool<Entry>.Shared.Rent(Math.Max(1, capacity));
        // At most half full, so a probe ends soon.
        var slots = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, capacity * 2));
        _slots = ArrayPool<int>.Shared.Rent(slots);
        Array.Clear(_slots, 0, slots);
        _mask = slots - 1;
    }

    /// <summary>Gets how many items there are.</summary>
    public int Count { get; private set; }

    /// <summary>Gets the item at <paramref name="index"/> in array order.</summary>
    public JsonElement this[int index] => _entries[index].Item;

    /// <summary>Indexes the array; fails when an item is not an object, lacks a string or number key, or repeats a key.</summary>
    public static bool TryCreate(MergeSlot array, byte[] keyMember, out KeyedItems? items)
    {
        items = null;
        if (!array.Exists)
        {
            // A missing or unknown base array has no items; the caller treats it as such.
            return true;
        }

        var created = new KeyedItems(array.Value.GetArrayLength());
        foreach (var item in array.Value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty(keyMember, out var key) ||
                key.ValueKind is not (JsonValueKind.String or JsonValueKind.Number) || !created.TryAdd(item, key))
            {
                created.Dispose();
                return false;
            }
        }

        items = created;
        return true;
    }

    /// <summary>
    /// True when all present arrays hold objects with the same keys in the same order (compared on the raw JSON, without
    /// allocating): items can then be merged position by position.
    /// </summary>
    public static bool AreAligned(MergeSlot b, MergeSlot l, MergeSlot r, byte[] keyName)
    {
        var length = r.Value.GetArrayLength();
        if (l.Value.GetArrayLength() != length || (b.Exists && b.Value.GetArrayLength() != length))
        {
            return false;
        }

        using var remote = r.Value.EnumerateArray();
        using var local = l.Value.EnumerateArray();
        using var based = b.Exists ? b.Value.EnumerateArray() : default;
        while (remote.MoveNext())
        {
            local.MoveNext();
            if (!TryRawKey(remote.Current, keyName, out var key) || !SameRawKey(local.Current, keyName, key))
            {
                return false;
            }

            if (b.Exists && (!based.MoveNext() || !SameRawKey(based.Current, keyName, key)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The index of the item with the key of <paramref name="other"/>'s item <paramref name="otherIndex"/>, or -1. Items
    /// usually come in the same order on every side, so the item after the last match (<paramref name="next"/>) is
    /// tried before the index.
    /// </summary>
    public int Match(KeyedItems other, int otherIndex, ref int next)
    {
        ref readonly var wanted = ref other._entries[otherIndex];
        var found = next < Count && _entries[next].Hash == wanted.Hash && KeysEqual(_entries[next].Key, wanted.Key)
            ? next
            : IndexOf(wanted.Key, wanted.Hash);
        if (found >= 0)
        {
            next = found + 1;
        }

        return found;
    }

    public void Dispose()
    {
        if (_slots.Length == 0)
        {
            return;
        }

        // Cleared: a pooled element would otherwise keep its whole document alive.
        ArrayPool<Entry>.Shared.Return(_entries, clearArray: true);
        ArrayPool<int>.Shared.Return(_slots);
        (_entries, _slots, _mask, Count) = ([], [], 0, 0);
    }

    private bool TryAdd(JsonElement item, JsonElement key)
    {
        var hash = Hash(key);
        var slot = hash & _mask;
        for (; _slots[slot] != 0; slot = (slot + 1) & _mask)
        {
            ref readonly var present = ref _entries[_slots[slot] - 1];
            if (present.Hash == hash && KeysEqual(present.Key, key))
            {
                return false;
            }
        }

        _entries[Count] = new Entry(item, key, hash);
        _slots[slot] = ++Count;
        return true;
    }

    private int IndexOf(JsonElement key, int hash)
    {
        for (var slot = hash & _mask; _slots[slot] != 0; slot = (slot + 1) & _mask)
        {
            var index = _slots[slot] - 1;
            if (_entries[index].Hash == hash && KeysEqual(_entries[index].Key, key))
            {
                return index;
            }
        }

        return -1;
    }

    /// <summary>
    /// A key's hash: of the number's text, or of the string's unescaped UTF-8 (so "\u0061" and "a" hash alike). A
    /// string "1" and a number 1 are different keys, and hash apart.
    /// </summary>
    private static int Hash(JsonElement key)
    {
        var hash = new HashCode();
        hash.Add(key.ValueKind);
        var raw = RawValue(key);
        if (key.ValueKind == JsonValueKind.String && raw.Contains((byte)'\\'))
        {
            hash.AddBytes(Encoding.UTF8.GetBytes(key.GetString()!));
        }
        else
        {
            hash.AddBytes(raw);
        }

        return hash.ToHashCode() & int.MaxValue;
    }

    /// <summary>Numbers are equal as text ("1" and "1.0" differ); strings as their unescaped values.</summary>
    private static bool KeysEqual(JsonElement a, JsonElement b)
    {
        if (a.ValueKind != b.ValueKind)
        {
            return false;
        }

        var rawA = RawValue(a);
        var rawB = RawValue(b);
        if (a.ValueKind == JsonValueKind.Number)
        {
            return rawA.SequenceEqual(rawB);
        }

        var (escapedA, escapedB) = (rawA.Contains((byte)'\\'), rawB.Contains((byte)'\\'));
        return !escapedA && !escapedB ? rawA.SequenceEqual(rawB)
            : !escapedA ? b.ValueEquals(rawA)
            : !escapedB ? a.ValueEquals(rawB)
            : a.ValueEquals(b.GetString());
    }

    /// <summary>The value's bytes as they stand in the document, a string's without its quotes.</summary>
    private static ReadOnlySpan<byte> RawValue(JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        return value.ValueKind == JsonValueKind.String && raw.Length >= 2 && raw[0] == (byte)'"' ? raw[1..^1] : raw;
    }

    private static bool TryRawKey(JsonElement item, byte[] keyName, out JsonElement key)
    {
        key = default;
        return item.ValueKind == JsonValueKind.Object && item.TryGetProperty(keyName, out key) &&
            key.ValueKind is JsonValueKind.String or JsonValueKind.Number;
    }

    // Raw on purpose: alignment is a shortcut, and a key written differently only sends the merge down the indexed path.
    private static bool SameRawKey(JsonElement item, byte[] keyName, JsonElement key) =>
        TryRawKey(item, keyName, out var other) && other.ValueKind == key.ValueKind &&
        JsonMarshal.GetRawUtf8Value(other).SequenceEqual(JsonMarshal.GetRawUtf8Value(key));

    private readonly record struct Entry(JsonElement Item, JsonElement Key, int Hash);
}
