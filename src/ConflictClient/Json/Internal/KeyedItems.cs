using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace ConflictClient.Json;

/// <summary>
/// Items of a keyed array, in the order added, indexed by key. Keys are hashed and compared on the document's own
/// bytes, so indexing copies no key; the arrays are rented and go back with <see cref="Dispose"/>.
/// </summary>
internal sealed class KeyedItems : IDisposable
{
    private Entry[] _entries;
    private int[] _slots; // open addressing: an entry's index + 1; 0 is empty
    private int _mask;

    public KeyedItems(int capacity)
    {
        _entries = ArrayPool<Entry>.Shared.Rent(Math.Max(4, capacity));
        (_slots, _mask) = RentSlots(_entries.Length);
    }

    /// <summary>Gets how many items there are.</summary>
    public int Count { get; private set; }

    /// <summary>Gets the item at <paramref name="index"/>, in the order added.</summary>
    public JsonElement this[int index] => _entries[index].Item;

    /// <summary>Gets the key of the item at <paramref name="index"/> (a string or number element).</summary>
    public JsonElement KeyAt(int index) => _entries[index].Key;

    /// <summary>Gets the hash of the key at <paramref name="index"/>.</summary>
    public int HashAt(int index) => _entries[index].Hash;

    /// <summary>The item's key: its member <paramref name="keyMember"/>, when the item is an object and that member a string or number.</summary>
    public static bool TryGetKey(JsonElement item, byte[] keyMember, out JsonElement key)
    {
        key = default;
        return item.ValueKind == JsonValueKind.Object && item.TryGetProperty(keyMember, out key) &&
            key.ValueKind is JsonValueKind.String or JsonValueKind.Number;
    }

    /// <summary>Adds an item under <paramref name="key"/>; false when the key is here already.</summary>
    public bool TryAdd(JsonElement item, JsonElement key, int hash)
    {
        if ((Count + 1) * 2 > _mask + 1 || Count == _entries.Length)
        {
            Grow();
        }

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

    /// <summary>The index of the item keyed <paramref name="key"/> (hashed <paramref name="hash"/>), or -1.</summary>
    public int IndexOf(JsonElement key, int hash)
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

    public void Dispose()
    {
        if (_slots.Length == 0)
        {
            return;
        }

        // Cleared (the part used): a pooled element would otherwise keep its whole document alive.
        Array.Clear(_entries, 0, Count);
        ArrayPool<Entry>.Shared.Return(_entries);
        ArrayPool<int>.Shared.Return(_slots);
        (_entries, _slots, _mask, Count) = ([], [], 0, 0);
    }

    /// <summary>
    /// A key's hash: of the number's text, or of the string's unescaped UTF-8 (so "\u0061" and "a" hash alike). A
    /// string "1" and a number 1 are different keys, and hash apart. <see cref="HashCode"/> is seeded per process, so
    /// a server cannot choose keys that collide.
    /// </summary>
    public static int Hash(JsonElement key)
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
    public static bool KeysEqual(JsonElement a, JsonElement b)
    {
        if (a.ValueKind != b.ValueKind)
        {
            return false;
        }

        // The same bytes are the same key; other bytes are another key, unless a string escapes a character.
        var rawA = RawValue(a);
        var rawB = RawValue(b);
        if (rawA.SequenceEqual(rawB))
        {
            return true;
        }

        var (escapedA, escapedB) = (rawA.Contains((byte)'\\'), rawB.Contains((byte)'\\'));
        return a.ValueKind == JsonValueKind.String && (escapedA || escapedB) &&
            (!escapedA ? b.ValueEquals(rawA) : !escapedB ? a.ValueEquals(rawB) : a.ValueEquals(b.GetString()));
    }

    /// <summary>The value's bytes as they stand in the document, a string's without its quotes.</summary>
    private static ReadOnlySpan<byte> RawValue(JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        return value.ValueKind == JsonValueKind.String && raw.Length >= 2 && raw[0] == (byte)'"' ? raw[1..^1] : raw;
    }

    private static (int[] Slots, int Mask) RentSlots(int entries)
    {
        // At least twice the entries, so the table stays at most half full and a probe ends soon.
        var length = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(entries * 2));
        var slots = ArrayPool<int>.Shared.Rent(length);
        Array.Clear(slots, 0, length);
        return (slots, length - 1);
    }

    private void Grow()
    {
        var entries = ArrayPool<Entry>.Shared.Rent(_entries.Length * 2);
        Array.Copy(_entries, entries, Count);
        Array.Clear(_entries, 0, Count);
        ArrayPool<Entry>.Shared.Return(_entries);
        ArrayPool<int>.Shared.Return(_slots);
        (_entries, (_slots, _mask)) = (entries, RentSlots(entries.Length));
        for (var index = 0; index < Count; index++)
        {
            var slot = _entries[index].Hash & _mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & _mask;
            }

            _slots[slot] = index + 1;
        }
    }

    private readonly record struct Entry(JsonElement Item, JsonElement Key, int Hash);
}
