using System.Diagnostics;
using ConflictClient.Conflicts;
using ConflictClient.Outbox.Internal;

namespace ConflictClient.Outbox;

/// <summary>The sender: one drain at a time, the oldest write of each resource, a few resources at once.</summary>
public sealed partial class ConflictOutbox
{
    /// <summary>
    /// Sends what is queued, until nothing is left to send or the server cannot be reached: the oldest write of each
    /// resource, <see cref="ConflictOutboxOptions.MaxConcurrentResources"/> resources at once, each through the client's
    /// conflict resolution. Writes parked for a person wait; the rest goes on. For apps without
    /// a host; with one, <c>AddConflictOutbox</c> runs a sender that calls it.
    /// </summary>
    /// <param name="cancellationToken">Stops draining; a write being sent when it fires stays queued (not applied).</param>
    /// <returns>What was done, and whether the server could not be reached.</returns>
    public async Task<OutboxDrainResult> DrainAsync(CancellationToken cancellationToken = default)
    {
        await _draining.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var sender = await _store.TryLockSenderAsync(cancellationToken).ConfigureAwait(false);
            if (sender is null)
            {
                OutboxLog.AnotherSender(_logger);
                return new OutboxDrainResult { AnotherSender = true };
            }

            await using var held = sender.ConfigureAwait(false);
            var result = new OutboxDrainResult();
            using var lanes = new SemaphoreSlim(_options.MaxConcurrentResources);
            var offline = 0;
            var deferred = new HashSet<long>();
            while (true)
            {
                // The head of many resources at once (one write each, so their order holds), sent a few at a time: one
                // query serves many sends, and a slow write does not hold the others back. A write the server could not
                // act on waits for the next drain, and so does the rest of its resource.
                var heads = await _store.GetNextAsync((_options.MaxConcurrentResources * ConflictOutboxConstants.HeadsPerLane) + deferred.Count, cancellationToken).ConfigureAwait(false);
                var now = _time.GetUtcNow();
                foreach (var waiting in heads.Where(e => !deferred.Contains(e.Id) && _notBefore.TryGetValue(e.Id, out var until) && until > now))
                {
                    // Its server errors asked for a pause that has not passed: it waits, whatever woke the sender.
                    deferred.Add(waiting.Id);
                    result = result with { Deferred = result.Deferred + 1 };
                }

                var next = heads.Where(e => !deferred.Contains(e.Id)).ToList();
                if (next.Count == 0)
                {
                    break;
                }

                var verdicts = await Task.WhenAll(next.Select(async entry =>
                {
                    await lanes.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        // Once the server proved unreachable, the rest of the batch stays queued, untouched.
                        if (Volatile.Read(ref offline) != 0)
                        {
                            return (SendVerdict?)null;
                        }

                        var verdict = await SendAsync(entry, cancellationToken).ConfigureAwait(false);
                        if (verdict is { } sent && OutboxVerdicts.IsOffline(sent))
                        {
                            Volatile.Write(ref offline, 1);
                        }
                        else if (verdict is SendVerdict.ServerError)
                        {
                            _notBefore[entry.Id] = _time.GetUtcNow() + ServerErrorDelay(entry.ServerErrors + 1);
                            lock (deferred)
                            {
                                deferred.Add(entry.Id);
                            }
                        }

                        return verdict;
                    }
                    finally
                    {
                        lanes.Release();
                    }
                })).ConfigureAwait(false);
                foreach (var verdict in verdicts.OfType<SendVerdict>())
                {
                    result = verdict switch
                    {
                        SendVerdict.Applied => result with { Applied = result.Applied + 1 },
                        SendVerdict.NotApplied => result with { NotApplied = result.NotApplied + 1 },
                        SendVerdict.OutcomeUnknown => result with { OutcomeUnknown = result.OutcomeUnknown + 1 },
                        SendVerdict.Park => result with { Parked = result.Parked + 1 },
                        SendVerdict.ServerError => result with { Deferred = result.Deferred + 1 },
                        _ => result with { Offline = true },
                    };
                }

                if (result.Offline)
                {
                    break;
                }
            }

            _offlineTries = result.Offline || result.Deferred > 0 ? _offlineTries + 1 : 0;
            await _store.PruneAsync(_time.GetUtcNow() - _options.CompletedRetention, cancellationToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            _draining.Release();
        }
    }

    /// <summary>How long a write waits after its <paramref name="errors"/>-th server error: exponential, capped.</summary>
    private TimeSpan ServerErrorDelay(int errors) =>
        TimeSpan.FromMilliseconds(Math.Min(_options.OfflineRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(errors - 1, 30)), _options.MaxOfflineRetryDelay.TotalMilliseconds));

    /// <summary>How long the sender waits after a drain that found the server unreachable: exponential, full jitter, capped.</summary>
    internal TimeSpan NextOfflineDelay()
    {
        var exponent = Math.Min(Math.Max(_offlineTries - 1, 0), 30);
        var ceiling = Math.Min(_options.OfflineRetryDelay.TotalMilliseconds * Math.Pow(2, exponent), _options.MaxOfflineRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    /// <summary>Sends one write and stores what became of it; null when another sender took it first.</summary>
    private async Task<SendVerdict?> SendAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        var sentBefore = entry.MayHaveLeft || entry.State == OutboxEntryState.Sending;
        if (entry.State == OutboxEntryState.Sending)
        {
            OutboxLog.Recovered(_logger, entry.Id, entry.Method, entry.Resource);
        }

        if (_client.BaseAddress is { } home && !EntryCapture.IsSameOrigin(entry.RequestUri, home))
        {
            // Never sent through a client for another origin: its handlers would hand that origin this client's credentials.
            // One that may have left before (the BaseAddress changed since) may be applied: told so, never "not applied".
            var refused = entry with
            {
                State = OutboxEntryState.Ended,
                Outcome = sentBefore ? OutboxOutcomeKind.OutcomeUnknown : OutboxOutcomeKind.NotApplied,
                Reason = sentBefore ? ConflictFailureReason.OutcomeUnknown : ConflictFailureReason.None,
                Message = "Not sent: it was queued for another origin than this client's BaseAddress, whose handlers add this client's credentials.",
                UpdatedAt = _time.GetUtcNow(),
            };
            if (await _store.TryUpdateAsync(refused, entry, cancellationToken).ConfigureAwait(false))
            {
                await EndedAsync(refused, CancellationToken.None).ConfigureAwait(false);
                return sentBefore ? SendVerdict.OutcomeUnknown : SendVerdict.NotApplied;
            }

            return null;
        }

        // The intent, durable before anything leaves: found so after a crash, the write may have been sent. Claimed only
        // if nobody changed the entry since it was read (a person resolving it, another sender).
        var sending = entry with { State = OutboxEntryState.Sending, Sends = entry.Sends + 1, MayHaveLeft = sentBefore, UpdatedAt = _time.GetUtcNow() };
        if (!await _store.TryUpdateAsync(sending, entry, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        Raise(sending);

        using var activity = OutboxTelemetry.Source.StartActivity("outbox send", ActivityKind.Internal);
        activity?.SetTag("conflictclient.outbox.entry", entry.Id);
        activity?.SetTag("http.request.method", entry.Method);
        var result = new ConflictWriteResult();
        SendVerdict verdict;
        OutboxEntry ended;
        using (var request = EntryRequests.Create(sending, sentBefore, result))
        {
            try
            {
                // Headers only: the answer's body is not needed, and reading it could fail after the write was applied.
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                verdict = OutboxVerdicts.OfAnswer((int)response.StatusCode, result.Outcome);
                ended = OutboxVerdicts.Apply(sending, verdict, sentBefore, _time.GetUtcNow(), _options.MaxServerErrors) with
                {
                    StatusCode = (int)response.StatusCode,
                    WriteOutcome = result.Outcome == ConflictOutcome.None && response.IsSuccessStatusCode ? ConflictOutcome.Written : result.Outcome,
                    Message = response.IsSuccessStatusCode ? null : $"The server answered {(int)response.StatusCode} {response.ReasonPhrase}.",
                };
            }
            catch (ConflictException failure)
            {
                verdict = OutboxVerdicts.OfFailure(failure, sentBefore, _options.ShouldPark);
                var next = OutboxVerdicts.Apply(sending, verdict, sentBefore, _time.GetUtcNow(), _options.MaxServerErrors);
                ended = next with
                {
                    // A server error keeps the reason Apply gave it (unknown once MaxServerErrors are spent, none before).
                    Reason = OutboxVerdicts.IsOffline(verdict) ? ConflictFailureReason.None : verdict == SendVerdict.ServerError ? next.Reason : failure.Reason,
                    StatusCode = OutboxVerdicts.StatusOf(failure.StatusCode),
                    Message = failure.Report?.Headline ?? failure.Message,
                    Remote = failure.RemoteContent is { } remote ? System.Text.Encoding.UTF8.GetBytes(remote) : null,
                    RemoteVersion = failure.RemoteVersion.IsEmpty ? null : failure.RemoteVersion.Value,
                };
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && result.Outcome == ConflictOutcome.None)
            {
                // A guarded write cancelled is not applied (the strategy says otherwise with CanceledAfterApplied): queued as it was.
                await _store.UpdateAsync(sending with { State = OutboxEntryState.Queued, MayHaveLeft = sentBefore }, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
            catch (OperationCanceledException) when (result.Outcome != ConflictOutcome.None)
            {
                // The strategy had its answer (applied, or the server's state kept) before the cancellation reached the caller.
                verdict = OutboxVerdicts.OfAnswer(200, result.Outcome);
                ended = OutboxVerdicts.Apply(sending, verdict, sentBefore, _time.GetUtcNow()) with { WriteOutcome = result.Outcome };
            }
            catch (Exception failure) when (failure is HttpRequestException or OperationCanceledException or TimeoutException or IOException)
            {
                verdict = OutboxVerdicts.OfTransportFailure(failure);
                ended = OutboxVerdicts.Apply(sending, verdict, sentBefore, _time.GetUtcNow());
            }
#pragma warning disable CA1031 // Anything else (a handler that threw): told, never left in Sending to stall the queue.
            catch (Exception failure)
#pragma warning restore CA1031
            {
                verdict = SendVerdict.OutcomeUnknown;
                ended = OutboxVerdicts.Apply(sending, verdict, sentBefore, _time.GetUtcNow()) with
                {
                    Reason = ConflictFailureReason.OutcomeUnknown,
                    Message = $"The send failed ({failure.GetType().Name}); whether it reached the server is not known.",
                };
            }
        }

        activity?.SetTag("conflictclient.outbox.outcome", OutboxTelemetry.OutcomeTag(ended.Outcome));
        await _store.UpdateAsync(ended, CancellationToken.None).ConfigureAwait(false);
        if (ended.State == OutboxEntryState.Queued)
        {
            Raise(ended);
        }
        else
        {
            await EndedAsync(ended, CancellationToken.None).ConfigureAwait(false);
        }

        // A server error that used up MaxServerErrors ended the write: counted as what it became.
        return verdict == SendVerdict.ServerError && ended.State == OutboxEntryState.Ended ? SendVerdict.OutcomeUnknown : verdict;
    }
}
