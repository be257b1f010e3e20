using ConflictClient.Http;

namespace ConflictClient.Conflicts;

/// <summary>The writes one client makes to one resource: one at a time (single flight), queued changes written together.</summary>
internal sealed class GroupCommitQueue
{
    private readonly Lock _gate = new();
    private readonly List<PendingChange> _pending = [];

    /// <summary>Gets the gate a leader holds while it writes.</summary>
    public SemaphoreSlim Leader { get; } = new(1, 1);

    /// <summary>
    /// Gets or sets the last state this client wrote, only when the write's response was proven to be the resource
    /// (only read and written by the leader).
    /// </summary>
    public Representation? Latest { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether a caller wrote alone since the last batch: the queued callers' states are
    /// older than the resource, so the next batch starts from a read (only read and written by the leader).
    /// </summary>
    public bool WrittenAlone { get; set; }

    /// <summary>Gets or sets how many callers use the queue (it is dropped at zero).</summary>
    public int Users { get; set; }

    /// <summary>Gets a value indicating whether changes wait for a leader.</summary>
    public bool HasPending
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count > 0;
            }
        }
    }

    public void Enqueue(PendingChange change)
    {
        lock (_gate)
        {
            _pending.Add(change);
        }
    }

    /// <summary>Withdraws <paramref name="change"/> if no leader took it yet; false when it is already being written.</summary>
    public bool TryWithdraw(PendingChange change)
    {
        lock (_gate)
        {
            return _pending.Remove(change);
        }
    }

    /// <summary>Takes every queued change, in arrival order.</summary>
    public List<PendingChange> TakeAll()
    {
        lock (_gate)
        {
            var batch = _pending.ToList();
            _pending.Clear();
            return batch;
        }
    }
}
