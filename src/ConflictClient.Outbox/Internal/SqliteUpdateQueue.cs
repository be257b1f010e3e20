using Microsoft.Data.Sqlite;

namespace ConflictClient.Outbox.Internal;

/// <summary>
/// Group commit for the store's updates: the updates that wait while one is written go together in the next
/// transaction, so concurrent sends share one durable commit. Each caller returns only once its own update is on disk
/// (or refused); updates of one entry are written in the order they were made.
/// </summary>
internal sealed class SqliteUpdateQueue
{
    private readonly Lock _gate = new();
    private readonly List<Update> _pending = [];

    /// <summary>Queues an update: of any stored entry of that number, or only of one still as <paramref name="expected"/> was read.</summary>
    public TaskCompletionSource<bool> Add(OutboxEntry entry, OutboxEntry? expected)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _pending.Add(new Update(entry, expected, done));
        }

        return done;
    }

    /// <summary>Withdraws an update whose caller gave up before it was written; false when it was written already.</summary>
    public bool TryWithdraw(TaskCompletionSource<bool> done)
    {
        lock (_gate)
        {
            return _pending.RemoveAll(p => p.Done == done) > 0;
        }
    }

    /// <summary>Writes every waiting update in one transaction (the caller holds the store's connection).</summary>
    public void WriteAll(SqliteConnection connection)
    {
        List<Update> batch;
        lock (_gate)
        {
            batch = [.. _pending];
            _pending.Clear();
        }

        if (batch.Count == 0)
        {
            return;
        }

        var written = new bool[batch.Count];
        try
        {
            using var transaction = connection.BeginTransaction();
            for (var i = 0; i < batch.Count; i++)
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = batch[i].Expected is null ? SqliteOutboxSql.Update : SqliteOutboxSql.UpdateIfUnchanged;
                SqliteOutboxRows.Bind(command, batch[i].Entry);
                command.Parameters.AddWithValue("$id", batch[i].Entry.Id);
                if (batch[i].Expected is { } expected)
                {
                    command.Parameters.AddWithValue("$expected_state", (int)expected.State);
                    command.Parameters.AddWithValue("$expected_sends", expected.Sends);
                    command.Parameters.AddWithValue("$expected_updated_at", expected.UpdatedAt.ToUnixTimeMilliseconds());
                }

                written[i] = command.ExecuteNonQuery() == 1;
            }

            transaction.Commit();
        }
        catch (Exception e)
        {
            foreach (var update in batch)
            {
                update.Done.TrySetException(e);
            }

            throw;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Done.TrySetResult(written[i]);
        }
    }

    private sealed record Update(OutboxEntry Entry, OutboxEntry? Expected, TaskCompletionSource<bool> Done);
}
