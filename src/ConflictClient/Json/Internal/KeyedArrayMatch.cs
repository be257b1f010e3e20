using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace ConflictClient.Json;

/// <summary>
/// The three sides of a keyed array matched by key, anchored on the remote side, whose order the merge keeps. Only
/// the remote's keys are indexed: the base and local sides are walked in order against it, trying the next remote item
/// in line before the index, so sides that differ by a few insertions or removals hash almost nothing more. Keys that
/// are on no remote item go to a small table per side.
/// </summary>
internal sealed class KeyedArrayMatch : IDisposable
{
    private readonly KeyedItems _remote;
    private readonly MergeSlot[] _local;
    private readonly MergeSlot[] _base;
    private readonly KeyedItems _localOnly = new(0);
    private readonly KeyedItems _baseOnly = new(0);
    private readonly bool _baseUnknown;
    private bool _disposed;

    private KeyedArrayMatch(KeyedItems remote, bool baseUnknown)
    {
        _remote = remote;
        _baseUnknown = baseUnknown;
        _local = RentSlots(remote.Count);
        _base = RentSlots(remote.Count);
    }

    /// <summary>Gets how many items the remote side has.</summary>
    public int RemoteCount => _remote.Count;

    /// <summary>Gets how many items only the local side has.</summary>
    public int LocalOnlyCount => _localOnly.Count;

    /// <summary>
    /// Matches the sides; fails (returning null) when an item is not an object, lacks a string or number key, or a
    /// side repeats a key.
    /// </summary>
    public static KeyedArrayMatch? TryCreate(MergeSlot b, JsonElement l, JsonElement r, byte[] keyMember)
    {
        var remote = new KeyedItems(r.GetArrayLength());
        foreach (var item in r.EnumerateArray())
        {
            if (!KeyedItems.TryGetKey(item, keyMember, out var key) || !remote.TryAdd(item, key, KeyedItems.Hash(key)))
            {
                remote.Dispose();
                return null;
            }
        }

        var match = new KeyedArrayMatch(remote, b.IsUnknown);
        if ((b.Exists && !match.TryWalk(b.Value, keyMember, match._base, match._baseOnly)) || !match.TryWalk(l, keyMember, match._local, match._localOnly))
        {
            match.Dispose();
            return null;
        }

        return match;
    }

    /// <summary>
    /// True when all present arrays hold objects with the same keys in the same order (compared on the raw JSON, without
    /// allocating): items can then be merged position by position.
    /// </summary>
    public static bool AreAligned(MergeSlot b, MergeSlot l, MergeSlot r, byte[] keyMember)
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
            if (!KeyedItems.TryGetKey(remote.Current, keyMember, out var key) || !SameRawKey(local.Current, keyMember, key))
            {
                return false;
            }

            if (b.Exists && (!based.MoveNext() || !SameRawKey(based.Current, keyMember, key)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The remote item at <paramref name="index"/>.</summary>
    public MergeSlot Remote(int index) => MergeSlot.Of(_remote[index]);

    /// <summary>My item with the key of remote item <paramref name="index"/>; missing when I have none.</summary>
    public MergeSlot Local(int index) => _local[index];

    /// <summary>The base's item with the key of remote item <paramref name="index"/>; unknown in a merge without a base.</summary>
    public MergeSlot Base(int index) => _baseUnknown ? MergeSlot.Unknown : _base[index];

    /// <summary>The <paramref name="index"/>th of my items whose key no remote item has, in my order.</summary>
    public MergeSlot LocalOnly(int index) => MergeSlot.Of(_localOnly[index]);

    /// <summary>The base's item with the key of <see cref="LocalOnly"/>'s item <paramref name="index"/>.</summary>
    public MergeSlot BaseOfLocalOnly(int index)
    {
        if (_baseUnknown)
        {
            return MergeSlot.Unknown;
        }

        var found = _baseOnly.IndexOf(_localOnly.KeyAt(index), _localOnly.HashAt(index));
        return found >= 0 ? MergeSlot.Of(_baseOnly[found]) : MergeSlot.Missing;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;

        // Cleared (the part used): a pooled element would otherwise keep its whole document alive.
        Array.Clear(_local, 0, _remote.Count);
        Array.Clear(_base, 0, _remote.Count);
        ArrayPool<MergeSlot>.Shared.Return(_local);
        ArrayPool<MergeSlot>.Shared.Return(_base);
        _remote.Dispose();
        _localOnly.Dispose();
        _baseOnly.Dispose();
    }

    /// <summary>Puts each item of <paramref name="side"/> beside the remote item of its key, or into <paramref name="only"/>.</summary>
    private bool TryWalk(JsonElement side, byte[] keyMember, MergeSlot[] beside, KeyedItems only)
    {
        var next = 0;
        foreach (var item in side.EnumerateArray())
        {
            if (!KeyedItems.TryGetKey(item, keyMember, out var key))
            {
                return false;
            }

            int found;
            var hash = 0;
            if (next < _remote.Count && KeyedItems.KeysEqual(_remote.KeyAt(next), key))
            {
                found = next;
            }
            else
            {
                hash = KeyedItems.Hash(key);
                found = _remote.IndexOf(key, hash);
            }

            if (found < 0)
            {
                if (!only.TryAdd(item, key, hash))
                {
                    return false;
                }

                continue;
            }

            if (beside[found].Exists)
            {
                return false; // the key again
            }

            beside[found] = MergeSlot.Of(item);
            next = found + 1;
        }

        return true;
    }

    private static MergeSlot[] RentSlots(int count)
    {
        var slots = ArrayPool<MergeSlot>.Shared.Rent(Math.Max(1, count));
        Array.Clear(slots, 0, count);
        return slots;
    }

    // Raw on purpose: alignment is a shortcut, and a key written differently only sends the merge down the matched path.
    private static bool SameRawKey(JsonElement item, byte[] keyMember, JsonElement key) =>
        KeyedItems.TryGetKey(item, keyMember, out var other) && other.ValueKind == key.ValueKind &&
        JsonMarshal.GetRawUtf8Value(other).SequenceEqual(JsonMarshal.GetRawUtf8Value(key));
}
