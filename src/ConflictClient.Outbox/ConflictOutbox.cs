using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ConflictClient.Outbox.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ConflictClient.Outbox;

/// <summary>
/// A durable outbox: writes queued while the app may be offline, kept in a store (SQLite by default) with their base,
/// version and Idempotency-Key, and sent later through a client with conflict resolution, in order per resource. Each
/// ends applied exactly once, not applied, or of unknown outcome — and the app is told which — across restarts and
/// crashes: the intent to send is stored before each send, and a write found being sent after a restart is resent only
/// where its answer proves what happened.
/// </summary>
public sealed partial class ConflictOutbox : IAsyncDisposable, IDisposable
{
    private readonly HttpClient _client;
    private readonly IConflictOutboxStore _store;
    private readonly ConflictOutboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OutboxTelemetry _telemetry;
    private readonly Channel<OutboxOutcome> _outcomes = Channel.CreateBounded<OutboxOutcome>(new BoundedChannelOptions(ConflictOutboxConstants.OutcomesKept) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly SemaphoreSlim _draining = new(1, 1);
    private readonly SemaphoreSlim _work = new(0, 1);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, DateTimeOffset> _notBefore = new();
    private int _waiting = -1;
    private int _offlineTries;

    /// <summary>Initializes a new instance of the <see cref="ConflictOutbox"/> class.</summary>
    /// <param name="client">
    /// The client that sends queued writes: one with conflict resolution (<c>AddConflictResolution</c>), whose handlers
    /// add credentials. Relative URIs of queued writes resolve against its <see cref="HttpClient.BaseAddress"/>.
    /// </param>
    /// <param name="store">Where writes are kept; the outbox disposes it.</param>
    /// <param name="options">The options; validated here.</param>
    /// <param name="timeProvider">The clock and timers; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="loggerFactory">Logs; none when null.</param>
    /// <param name="meterFactory">Creates the <c>ConflictClient.Outbox</c> meter; a standalone meter when null.</param>
    /// <exception cref="OptionsValidationException">The options are not valid.</exception>
    public ConflictOutbox(HttpClient client, IConflictOutboxStore store, ConflictOutboxOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        if (new ConflictOutboxOptionsValidator().Validate(null, options) is { Failed: true } invalid)
        {
            throw new OptionsValidationException(nameof(ConflictOutboxOptions), typeof(ConflictOutboxOptions), invalid.Failures);
        }

        _client = client;
        _store = store;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = loggerFactory?.CreateLogger<ConflictOutbox>() ?? NullLogger<ConflictOutbox>.Instance;
        _telemetry = new OutboxTelemetry(meterFactory, () => Math.Max(0, Volatile.Read(ref _waiting)));
    }

    /// <summary>Occurs at each step of a queued write: enqueued, being sent, back in the queue, parked, ended. Raised on the sender's thread; keep it short.</summary>
    public event EventHandler<OutboxProgressEventArgs>? Progress;

    /// <summary>
    /// Keeps <paramref name="request"/> to be sent later, and returns once it is durable. Its body, its headers except
    /// credentials (Authorization, cookies, API keys: the client's handlers add them when it is sent), its
    /// Idempotency-Key and its base (<see cref="Conflicts.ConflictRequestOptions.Base"/>) are kept; its version travels in
    /// its headers (If-Match) or body as usual. The request is read, not sent, and stays the caller's.
    /// </summary>
    /// <param name="request">A PUT, PATCH, DELETE or POST.</param>
    /// <param name="cancellationToken">Cancels the enqueue; nothing is stored then.</param>
    /// <returns>The stored entry.</returns>
    /// <exception cref="ArgumentException">The request cannot be kept (not a write, too large, a base that is not JSON, user-info in its URI, a re-applied change).</exception>
    /// <exception cref="ConflictOutboxFullException"><see cref="ConflictOutboxOptions.MaxEntries"/> writes wait already.</exception>
    public async Task<OutboxEntry> EnqueueAsync(HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        var entry = await EntryCapture.CaptureAsync(request, _client.BaseAddress, _options, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        entry = await _store.AddAsync(entry, _options.MaxEntries, cancellationToken).ConfigureAwait(false);
        _telemetry.EnqueueDuration.Record(_time.GetElapsedTime(started).TotalSeconds);

        // Stored: from here on nothing may tell the caller otherwise (a cancellation now would invite a second enqueue).
        await CountWaitingAsync(+1, CancellationToken.None).ConfigureAwait(false);
        Raise(entry);
        Wake();
        return entry;
    }

    /// <summary>
    /// Creates a client whose writes are queued instead of sent: give it to Refit (<c>RestService.For&lt;IMyApi&gt;(outbox.CreateEnqueueClient(), settings)</c>)
    /// to queue through the same typed API. Each write is answered at once with 202 Accepted, its body echoed back (what
    /// you wrote), and the entry's number in the <c>Outbox-Entry-Id</c> header. Reads are refused.
    /// </summary>
    /// <returns>A client; dispose it when done.</returns>
    public HttpClient CreateEnqueueClient() => new(new EnqueueHandler(this), disposeHandler: true) { BaseAddress = _client.BaseAddress };

    /// <summary>Gets how many writes have not ended: queued, being sent, or parked for a person.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The count.</returns>
    public async Task<int> GetWaitingCountAsync(CancellationToken cancellationToken = default)
    {
        var count = await _store.CountWaitingAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _waiting, count);
        return count;
    }

    /// <summary>Gets an entry (ended ones until they are pruned), or null.</summary>
    /// <param name="id">The entry's number.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entry, or null.</returns>
    public async Task<OutboxEntry?> GetEntryAsync(long id, CancellationToken cancellationToken = default) =>
        await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);

    /// <summary>Gets the writes that wait for a person, with their conflict reports (mine, theirs, original per field).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The parked writes, oldest first.</returns>
    public async Task<IReadOnlyList<OutboxOutcome>> GetParkedAsync(CancellationToken cancellationToken = default) =>
        [.. (await _store.GetByStateAsync(OutboxEntryState.Parked, cancellationToken).ConfigureAwait(false)).Select(e => new OutboxOutcome(e))];

    /// <summary>
    /// Settles a parked write as a person decided: discard it (not applied), or send another body made from the server's
    /// state, which becomes the write's base and version (if the server changed since, the client's merge strategy
    /// merges it as usual).
    /// </summary>
    /// <param name="id">The parked entry's number.</param>
    /// <param name="resolution">The decision.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entry after the decision.</returns>
    /// <exception cref="InvalidOperationException">No parked entry has that number.</exception>
    public async Task<OutboxEntry> ResolveAsync(long id, OutboxResolution resolution, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resolution);
        var entry = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (entry is not { State: OutboxEntryState.Parked })
        {
            throw new InvalidOperationException($"Outbox entry #{id} is not parked ({(entry is null ? "there is no such entry" : $"it is {entry.State}")}); only a parked write can be resolved.");
        }

        var resolved = OutboxResolutions.Apply(entry, resolution, _time.GetUtcNow());
        if (!await _store.TryUpdateAsync(resolved, entry, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"Outbox entry #{id} was resolved meanwhile (by another call or process); this resolution was not stored.");
        }

        if (resolved.State == OutboxEntryState.Ended)
        {
            await EndedAsync(resolved, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            Raise(resolved);
            Wake();
        }

        return resolved;
    }

    /// <summary>
    /// Reads what becomes of queued writes as each ends or is parked, in that order, since this outbox was created (the
    /// ones not read yet wait, the newest 1,024 of them). Meant for one reader. Ended writes are also kept in the store for
    /// <see cref="ConflictOutboxOptions.CompletedRetention"/> (see <see cref="GetEntryAsync"/>), so an app restarted
    /// after a crash can look up what it was not told.
    /// </summary>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <returns>The outcomes.</returns>
    public async IAsyncEnumerable<OutboxOutcome> ReadOutcomesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await _outcomes.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_outcomes.Reader.TryRead(out var outcome))
            {
                yield return outcome;
            }
        }
    }
}
