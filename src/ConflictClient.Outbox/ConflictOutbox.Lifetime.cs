using ConflictClient.Outbox.Internal;

namespace ConflictClient.Outbox;

/// <summary>Disposal, the sender's wake-up, and the progress event.</summary>
public sealed partial class ConflictOutbox
{
    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _outcomes.Writer.TryComplete();
        await _draining.WaitAsync().ConfigureAwait(false);
        try
        {
            await _store.DisposeAsync().ConfigureAwait(false);
            _telemetry.Dispose();
        }
        finally
        {
            _draining.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _outcomes.Writer.TryComplete();
        _draining.Wait();
        try
        {
            if (_store is IDisposable disposable)
            {
                disposable.Dispose();
            }
            else
            {
                _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            _telemetry.Dispose();
        }
        finally
        {
            _draining.Release();
        }
    }

    /// <summary>Waits until a write is enqueued or resolved, or <paramref name="timeout"/> passed (for the hosted sender).</summary>
    internal async Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, _time);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            await _work.WaitAsync(timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The wait is over: time to try again.
        }
    }

    private void Wake()
    {
        try
        {
            _work.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    private void Raise(OutboxEntry entry)
    {
        var handlers = Progress;
        if (handlers is null)
        {
            return;
        }

        try
        {
            handlers(this, new OutboxProgressEventArgs(entry));
        }
#pragma warning disable CA1031 // An app's handler that throws must not change what becomes of the write.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private async ValueTask CountWaitingAsync(int change, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _waiting) < 0)
        {
            Volatile.Write(ref _waiting, await _store.CountWaitingAsync(cancellationToken).ConfigureAwait(false));
            return;
        }

        Interlocked.Add(ref _waiting, change);
    }
}
