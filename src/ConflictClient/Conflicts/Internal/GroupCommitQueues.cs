namespace ConflictClient.Conflicts;

/// <summary>The group-commit queues of one client, per resource URI; a queue lives only while someone uses it.</summary>
internal sealed class GroupCommitQueues
{
    private readonly Dictionary<string, GroupCommitQueue> _queues = new(StringComparer.Ordinal);

    public GroupCommitQueue Acquire(Uri resource)
    {
        lock (_queues)
        {
            if (!_queues.TryGetValue(resource.AbsoluteUri, out var queue))
            {
                queue = new GroupCommitQueue();
                _queues[resource.AbsoluteUri] = queue;
            }

            queue.Users++;
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
