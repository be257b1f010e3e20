namespace ConflictClient.Outbox;

/// <summary>
/// Where a <see cref="ConflictOutbox"/> keeps its writes. Each call is durable when it returns (the outbox records its
/// intent to send before each send, and relies on it after a crash). <see cref="Sqlite.SqliteOutboxStore"/> is the default.
/// </summary>
public interface IConflictOutboxStore : IAsyncDisposable
{
    /// <summary>Stores a new entry and gives it its <see cref="OutboxEntry.Id"/>, unless <paramref name="maxEntries"/> entries wait already.</summary>
    /// <param name="entry">The entry (its <see cref="OutboxEntry.Id"/> is ignored).</param>
    /// <param name="maxEntries">How many entries that have not ended may be kept.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored entry.</returns>
    /// <exception cref="ConflictOutboxFullException">The store holds <paramref name="maxEntries"/> entries that have not ended.</exception>
    ValueTask<OutboxEntry> AddAsync(OutboxEntry entry, int maxEntries, CancellationToken cancellationToken);

    /// <summary>Replaces the stored entry of the same <see cref="OutboxEntry.Id"/>.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the change is durable.</returns>
    ValueTask UpdateAsync(OutboxEntry entry, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the stored entry of the same <see cref="OutboxEntry.Id"/> only if it is still as <paramref name="expected"/>
    /// was read: the same <see cref="OutboxEntry.State"/>, <see cref="OutboxEntry.Sends"/> and <see cref="OutboxEntry.UpdatedAt"/>.
    /// </summary>
    /// <param name="entry">The entry.</param>
    /// <param name="expected">The entry as it was read.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether it was replaced (durably); false when it changed since it was read, or is gone.</returns>
    ValueTask<bool> TryUpdateAsync(OutboxEntry entry, OutboxEntry expected, CancellationToken cancellationToken);

    /// <summary>
    /// Gets the oldest <see cref="OutboxEntryState.Queued"/> or <see cref="OutboxEntryState.Sending"/> entry of each of at
    /// most <paramref name="maxResources"/> resources (parked entries are not sent, and hold nothing back), oldest first;
    /// an entry under a collection waits while an older POST to that collection has not ended.
    /// </summary>
    /// <param name="maxResources">How many resources.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entries to send next.</returns>
    ValueTask<IReadOnlyList<OutboxEntry>> GetNextAsync(int maxResources, CancellationToken cancellationToken);

    /// <summary>Gets the entries in <paramref name="state"/>, oldest first.</summary>
    /// <param name="state">The state.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entries.</returns>
    ValueTask<IReadOnlyList<OutboxEntry>> GetByStateAsync(OutboxEntryState state, CancellationToken cancellationToken);

    /// <summary>Gets an entry, or null when there is none (or it was pruned).</summary>
    /// <param name="id">The entry's number.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entry, or null.</returns>
    ValueTask<OutboxEntry?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>Counts the entries that have not ended (queued, being sent, parked).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The count.</returns>
    ValueTask<int> CountWaitingAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Takes the store's sender lock, so that one sender at a time sends its writes (two processes sending the same
    /// entry could both send it). Returns null when another sender holds it; any process may enqueue meanwhile.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The lock, released when disposed (or when the process dies); null when another sender holds it.</returns>
    ValueTask<IAsyncDisposable?> TryLockSenderAsync(CancellationToken cancellationToken);

    /// <summary>Removes the entries that ended before <paramref name="endedBefore"/>.</summary>
    /// <param name="endedBefore">The cut-off.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many were removed.</returns>
    ValueTask<int> PruneAsync(DateTimeOffset endedBefore, CancellationToken cancellationToken);
}
