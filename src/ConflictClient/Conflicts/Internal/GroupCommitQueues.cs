namespace ConflictClient.Conflicts;

/// <summary>The group-commit queues of one client, per resource URI; a queue lives only while someone uses it.</summary>
internal sealed class GroupCommitQueues
{
    /// <summary>How many resources are remembered as written by several callers at once; past it, the memory starts over.</summary>
    private const int SharedResourcesRemembered = 1024;

    private readonly Dictionary<string, GroupCommitQueue> _queues = new(StringComparer.Ordinal);
    private readonly HashSet<string> _shared = new(StringComparer.Ordinal);

    /// <summary>
    /// The queue of <paramref name="resource"/>, used once more. <paramref name="alone"/> when no other caller uses it and
    /// none did alongside another before: such a caller writes its own message, and callers of a resource this client
    /// writes from several places at once always go through the queue, so each batch can start from the last one.
    /// </summary>
    public GroupCommitQueue Acquire(Uri resource, out bool alone)
    {
        var key = resource.AbsoluteUri;
        lock (_queues)
        {
            if (!_queues.TryGetValue(key, out var queue))
            {
                queue = new GroupCommitQueue();
                _queues[key] = queue;
            }

            if (++queue.Users > 1)
            {
                if (_shared.Count >= SharedResourcesRemembered)
                {
                    _shared.Clear();
                }

                _shared.Add(key);
            }

            alone = queue.Users == 1 && !_shared.Contains(key);
            return queue;
        }
    }

    public void Release(Uri resource, GroupCommitQueue queue)
    {
        lock (_queues)
        {
            // Gone with its last user, so memory follows the writes in flight, not every resource ever written.
            if (--queue.Users == 0)
            {
                _queues.Remove(resource.AbsoluteUri);
            }
        }
    }
}
