using System.Runtime.CompilerServices;
using ConflictClient.Versioning;

namespace ConflictClient.Merging;

/// <summary>
/// The bodies a client last read or wrote, per URI and version, kept as bases for three-way merges, within a budget of
/// bytes that counts what the cache really holds: each entry's one array (URI, version and body) and the tables.
/// </summary>
/// <remarks>
/// Each URI's newest version is a current entry. An older version of a URI is superseded: it is kept only while there is
/// room (a concurrent caller of this client may still write from it), and it goes before any current entry does. Within
/// each kind, the least recently used goes first. Entries are slots in two arrays (no object per entry but its bytes),
/// so many small representations fit: 10,000 of 200 bytes take about 3.3 MB.
/// </remarks>
internal sealed class RepresentationCache
{
    private const int None = -1;
    private static readonly int SlotBytes = Unsafe.SizeOf<CacheSlot>();

    private readonly Lock _gate = new();
    private readonly long _capacity;
    private CacheSlot[] _slots = [];
    private int[] _buckets = [];
    private int _used;
    private int _free = None;
    private long _dataBytes;
    private CacheRecency _current = CacheRecency.Empty;
    private CacheRecency _superseded = CacheRecency.Empty;

    public RepresentationCache(long capacityBytes) => _capacity = capacityBytes;

    /// <summary>Gets the bytes the cache holds: every entry's array (with its header) and the slot and bucket tables.</summary>
    public long Size
    {
        get
        {
            lock (_gate)
            {
                return SizeLocked;
            }
        }
    }

    /// <summary>Gets how many entries (URI and version) are kept.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _current.Count + _superseded.Count;
            }
        }
    }

    /// <summary>Gets what an entry's array costs beyond its bytes (the array's header), as counted.</summary>
    public const int ArrayHeaderBytes = 24;

    private long SizeLocked => _dataBytes + ((long)_slots.Length * SlotBytes) + ((long)_buckets.Length * sizeof(int));

    /// <summary>Keeps <paramref name="body"/> as the representation of <paramref name="uri"/> at <paramref name="version"/>.</summary>
    public void Remember(Uri uri, VersionToken version, ReadOnlySpan<byte> body)
    {
        if (version.IsEmpty || !CacheKey.TryCreate(uri, version, out var key, out var versionLength))
        {
            return;
        }

        var data = new byte[key.Length + body.Length];
        key.CopyTo(data, 0);
        body.CopyTo(data.AsSpan(key.Length));
        if (data.Length + ArrayHeaderBytes + SlotBytes + sizeof(int) > _capacity)
        {
            return;
        }

        var hash = CacheKey.Hash(uri);
        lock (_gate)
        {
            // The older versions of this URI are superseded now; the same version is replaced.
            var same = None;
            for (var i = FirstInBucket(hash); i != None; i = _slots[i].Next)
            {
                if (_slots[i].Hash == hash && SameUri(i, key.AsSpan(0, key.Length - versionLength)))
                {
                    if (SameVersion(i, key, versionLength, version.IsNumeric))
                    {
                        same = i;
                    }
                    else
                    {
                        MarkSuperseded(i);
                    }
                }
            }

            if (same != None)
            {
                RemoveLocked(same);
            }

            if (MakeRoomLocked(data.Length + ArrayHeaderBytes))
            {
                AddLocked(data, hash, key.Length - versionLength, versionLength, version.IsNumeric);
            }
        }
    }

    /// <summary>The body remembered for <paramref name="uri"/> at <paramref name="version"/> (a copy), or null.</summary>
    public byte[]? Find(Uri uri, VersionToken version)
    {
        if (version.IsEmpty || !CacheKey.TryCreate(uri, version, out var key, out var versionLength))
        {
            return null;
        }

        var hash = CacheKey.Hash(uri);
        lock (_gate)
        {
            for (var i = FirstInBucket(hash); i != None; i = _slots[i].Next)
            {
                if (_slots[i].Hash == hash && SameUri(i, key.AsSpan(0, key.Length - versionLength)) && SameVersion(i, key, versionLength, version.IsNumeric))
                {
                    ListOf(i).Unlink(_slots, i);
                    ListOf(i).AddNewest(_slots, i);
                    return _slots[i].Data.AsSpan(_slots[i].KeyLength).ToArray();
                }
            }
        }

        return null;
    }

    private bool SameUri(int slot, ReadOnlySpan<byte> uri) =>
        _slots[slot].KeyLength - _slots[slot].VersionLength == uri.Length && _slots[slot].Data.AsSpan(0, uri.Length).SequenceEqual(uri);

    private bool SameVersion(int slot, byte[] key, int versionLength, bool numeric) =>
        _slots[slot].Numeric == numeric && _slots[slot].VersionLength == versionLength &&
        _slots[slot].Data.AsSpan(_slots[slot].KeyLength - versionLength, versionLength).SequenceEqual(key.AsSpan(key.Length - versionLength));

    private int FirstInBucket(int hash) => _buckets.Length == 0 ? None : _buckets[hash & (_buckets.Length - 1)] - 1;

    private ref CacheRecency ListOf(int slot) => ref _slots[slot].Superseded ? ref _superseded : ref _current;

    private void MarkSuperseded(int slot)
    {
        if (!_slots[slot].Superseded)
        {
            _current.Unlink(_slots, slot);
            _slots[slot].Superseded = true;
            _superseded.AddNewest(_slots, slot);
        }
    }

    /// <summary>
    /// Evicts (superseded entries first, least recently used first) until an entry of <paramref name="bytes"/> fits,
    /// tables included; false when it cannot fit even in an empty cache.
    /// </summary>
    private bool MakeRoomLocked(long bytes)
    {
        while (true)
        {
            var growth = _free == None && _used == _slots.Length ? (long)(NextLength() - _slots.Length) * (SlotBytes + sizeof(int)) : 0;
            if (SizeLocked + bytes + growth <= _capacity)
            {
                return true;
            }

            var oldest = _superseded.Oldest != None ? _superseded.Oldest : _current.Oldest;
            if (oldest == None)
            {
                return false;
            }

            RemoveLocked(oldest);
        }
    }

    private int NextLength() => Math.Max(4, _slots.Length * 2);

    private void AddLocked(byte[] data, int hash, int uriLength, int versionLength, bool numeric)
    {
        int slot;
        if (_free != None)
        {
            slot = _free;
            _free = _slots[slot].Next;
        }
        else
        {
            if (_used == _slots.Length)
            {
                Grow();
            }

            slot = _used++;
        }

        _slots[slot] = new CacheSlot { Data = data, Hash = hash, KeyLength = uriLength + versionLength, VersionLength = versionLength, Numeric = numeric };
        var bucket = hash & (_buckets.Length - 1);
        _slots[slot].Next = _buckets[bucket] - 1;
        _buckets[bucket] = slot + 1;
        _current.AddNewest(_slots, slot);
        _dataBytes += data.Length + ArrayHeaderBytes;
    }

    private void RemoveLocked(int slot)
    {
        ListOf(slot).Unlink(_slots, slot);
        var bucket = _slots[slot].Hash & (_buckets.Length - 1);
        if (_buckets[bucket] - 1 == slot)
        {
            _buckets[bucket] = _slots[slot].Next + 1;
        }
        else
        {
            var previous = _buckets[bucket] - 1;
            while (_slots[previous].Next != slot)
            {
                previous = _slots[previous].Next;
            }

            _slots[previous].Next = _slots[slot].Next;
        }

        _dataBytes -= _slots[slot].Data.Length + ArrayHeaderBytes;
        _slots[slot] = new CacheSlot { Next = _free };
        _free = slot;
    }

    private void Grow()
    {
        var size = NextLength();
        Array.Resize(ref _slots, size);
        _buckets = new int[size];
        for (var i = 0; i < _used; i++)
        {
            if (_slots[i].Data is not null)
            {
                var bucket = _slots[i].Hash & (size - 1);
                _slots[i].Next = _buckets[bucket] - 1;
                _buckets[bucket] = i + 1;
            }
        }
    }
}
