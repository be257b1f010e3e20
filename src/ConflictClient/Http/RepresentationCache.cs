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

    public void Remember(Uri uri, VersionToken version, Representation representation)
    {
        if (representation.Body.Length > _capacity)
        {
            return;
        }

        lock (_gate)
        {
            var key = Key(uri, version);
            if (_byUri.Remove(key, out var previous))
            {
                _recency.Remove(previous);
                _size -= previous.Value.Representation.Body.Length;
            }

            _byUri[key] = _recency.AddFirst(new Entry(key, representation));
            _size += representation.Body.Length;
            while (_size > _capacity && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _byUri.Remove(oldest.Value.Key);
                _size -= oldest.Value.Representation.Body.Length;
            }
        }
    }

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

    private sealed record Entry(string Key, Representation Representation);
}
