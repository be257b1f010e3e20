namespace ConflictClient.Conflicts;

/// <summary>A token cancelled only once every caller in a group-commit batch cancelled: no caller's token fails another's change.</summary>
internal sealed class BatchCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly List<CancellationTokenRegistration> _registrations = [];
    private int _live;

    public BatchCancellation(IReadOnlyList<PendingChange> batch)
    {
        _live = batch.Count;
        foreach (var pending in batch)
        {
            _registrations.Add(pending.CancellationToken.Register(static s => ((BatchCancellation)s!).OneCancelled(), this));
        }
    }

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }

    private void OneCancelled()
    {
        if (Interlocked.Decrement(ref _live) == 0)
        {
            _source.Cancel();
        }
    }
}
