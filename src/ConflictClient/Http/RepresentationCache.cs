using ConflictClient.Versioning;

namespace ConflictClient.Http;

/// <summary>
/// The representations a client last read or wrote, per URI and version, kept as bases for three-way merges. Several
/// versions of one resource can be held at once (concurrent callers read different versions). Bounded by total bytes;
/// the least recently used entries go first.
/// </summary>
internal sealed class RepresentationCache
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _byUri = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private readonly long _capacity;
    private long _size;

    public RepresentationCache(long capacityBytes) => _capacity = capacityBytes;

    public long Size
    {
        get
        {
            lock (_gate)
            {
                return _size;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byUri.Count;
            }
        }
    }

    /// <summary>
    /// Roughly what an entry costs beyond its body and key: the entry, its representation and media type, the list node
    /// and the dictionary slot. Counted so that many small entries stay within the budget too, not only their bodies.
    /// </summary>
    public const int EntryOverhead = 256;

    public void Remember(Uri uri, VersionToken version, Representation representation)
    {
        var key = Key(uri, version);
        var cost = Cost(key, representation);
        if (cost > _capacity)
        {
            return;
        }

        lock (_gate)
        {
            if (_byUri.Remove(key, out var previous))
            {
                _recency.Remove(previous);
                _size -= previous.Value.Cost;
            }

            _byUri[key] = _recency.AddFirst(new Entry(key, representation, cost));
            _size += cost;
            while (_size > _capacity && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _byUri.Remove(oldest.Value.Key);
                _size -= oldest.Value.Cost;
            }
        }
    }

    private static long Cost(string key, Representation representation) => representation.Body.Length + (key.Length * 2L) + EntryOverhead;

    public Representation? Find(Uri uri, VersionToken version)
    {
        lock (_gate)
        {
            if (!_byUri.TryGetValue(Key(uri, version), out var node))
            {
                return null;
            }

            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value.Representation;
        }
    }

    private static string Key(Uri uri, VersionToken version) => $"{uri.AbsoluteUri}\n{(version.IsNumeric ? "n" : "s")}{version.Value}";

    private sealed record Entry(string Key, Representation Representation, long Cost);
}
