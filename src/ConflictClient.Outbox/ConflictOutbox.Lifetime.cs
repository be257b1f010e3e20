using ConflictClient.Outbox.Internal;

namespace ConflictClient.Outbox;

/// <summary>Disposal, the sender's wake-up, and telling the app: the progress event, logs, the meter, the outcomes.</summary>
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

    /// <summary>Keeps the waiting count for the gauge; never throws (a write's outcome never depends on it).</summary>
    private async ValueTask CountWaitingAsync(int change, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _waiting) >= 0)
        {
            Interlocked.Add(ref _waiting, change);
            return;
        }

        try
        {
            Volatile.Write(ref _waiting, await _store.CountWaitingAsync(cancellationToken).ConfigureAwait(false));
        }
#pragma warning disable CA1031 // Telemetry only: the count is read again next time.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private async ValueTask EndedAsync(OutboxEntry ended, CancellationToken cancellationToken)
    {
        switch (ended.Outcome)
        {
            case OutboxOutcomeKind.Parked:
                OutboxLog.Parked(_logger, ended.Id, ended.Method, ended.Resource, ended.Reason);
                break;
            case OutboxOutcomeKind.OutcomeUnknown:
                OutboxLog.Unknown(_logger, ended.Id, ended.Method, ended.Resource, ended.Reason);
                break;
            default:
                OutboxLog.Ended(_logger, ended.Id, ended.Method, ended.Resource, ended.Outcome);
                break;
        }

        _notBefore.TryRemove(ended.Id, out _);
        _telemetry.Ended.Add(1, new KeyValuePair<string, object?>("conflictclient.outbox.outcome", OutboxTelemetry.OutcomeTag(ended.Outcome)));
        if (ended.State == OutboxEntryState.Ended)
        {
            await CountWaitingAsync(-1, cancellationToken).ConfigureAwait(false);
        }

        Raise(ended);
        _outcomes.Writer.TryWrite(new OutboxOutcome(ended));
    }
}
