using System.Data;
using ConflictClient.Outbox.Internal;
using Microsoft.Data.Sqlite;

namespace ConflictClient.Outbox.Sqlite;

/// <summary>
/// The default store: one SQLite file (Microsoft.Data.Sqlite) in WAL mode with <c>synchronous=FULL</c>, so that every
/// call is on disk when it returns and a killed process loses nothing it was told was stored.
/// </summary>
public sealed class SqliteOutboxStore : IConflictOutboxStore, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SqliteConnection _connection;
    private readonly SqliteUpdateQueue _updates = new();
    private bool _opened;

    /// <summary>Initializes a new instance of the <see cref="SqliteOutboxStore"/> class; the file is opened (and created) at first use.</summary>
    /// <param name="path">The database file.</param>
    public SqliteOutboxStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
    }

    /// <summary>Gets the database file.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public async ValueTask<OutboxEntry> AddAsync(OutboxEntry entry, int maxEntries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var transaction = _connection.BeginTransaction(IsolationLevel.Serializable);
            using (var count = Command(SqliteOutboxSql.CountWaiting, transaction))
            {
                if (Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) >= maxEntries)
                {
                    throw ConflictOutboxFullException.For(maxEntries);
                }
            }

            long id;
            using (var insert = Command(SqliteOutboxSql.Insert, transaction))
            {
                SqliteOutboxRows.Bind(insert, entry);
                id = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            }

            transaction.Commit();
            return entry with { Id = id };
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask UpdateAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!await WriteAsync(entry, expected: null, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"Outbox entry #{entry.Id} is not in the store (pruned, or removed by another process); it was not updated.");
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> TryUpdateAsync(OutboxEntry entry, OutboxEntry expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(expected);
        return WriteAsync(entry, expected, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<OutboxEntry>> GetNextAsync(int maxResources, CancellationToken cancellationToken) =>
        QueryAsync(SqliteOutboxSql.Next, c => c.Parameters.AddWithValue("$limit", maxResources), cancellationToken);

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<OutboxEntry>> GetByStateAsync(OutboxEntryState state, CancellationToken cancellationToken) =>
        QueryAsync(SqliteOutboxSql.ByState, c => c.Parameters.AddWithValue("$state", (int)state), cancellationToken);

    /// <inheritdoc/>
    public async ValueTask<OutboxEntry?> GetAsync(long id, CancellationToken cancellationToken) =>
        (await QueryAsync(SqliteOutboxSql.ById, c => c.Parameters.AddWithValue("$id", id), cancellationToken).ConfigureAwait(false)) is [var entry] ? entry : null;

    /// <inheritdoc/>
    public async ValueTask<int> CountWaitingAsync(CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var count = Command(SqliteOutboxSql.CountWaiting);
            return Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask<int> PruneAsync(DateTimeOffset endedBefore, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var prune = Command(SqliteOutboxSql.Prune);
            prune.Parameters.AddWithValue("$before", endedBefore.ToUnixTimeMilliseconds());
            return await prune.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    /// <remarks>An exclusive lock on the file <c>&lt;database&gt;-sender.lock</c> beside the database, which the operating system releases if the process dies.</remarks>
    public ValueTask<IAsyncDisposable?> TryLockSenderAsync(CancellationToken cancellationToken) => ValueTask.FromResult(SenderLockFile.TryTake(Path + "-sender.lock"));

    /// <summary>Queues an update and writes it, with the others that wait, once this caller holds the connection.</summary>
    private async ValueTask<bool> WriteAsync(OutboxEntry entry, OutboxEntry? expected, CancellationToken cancellationToken)
    {
        var update = _updates.Add(entry, expected);
        try
        {
            await EnterAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (_updates.TryWithdraw(update))
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            // Written already, with others' updates: the caller is told what became of it.
            return await update.Task.ConfigureAwait(false);
        }

        try
        {
            if (!update.Task.IsCompleted)
            {
                _updates.WriteAll(_connection);
            }
        }
        catch (SqliteException)
        {
            // Every update of the batch failed with it; this caller's is thrown below.
        }
        finally
        {
            _gate.Release();
        }

        return await update.Task.ConfigureAwait(false);
    }

    /// <summary>Runs SQLite's own check of the file (<c>PRAGMA integrity_check</c>): "ok" when it is sound.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>SQLite's answer.</returns>
    public async ValueTask<string> CheckIntegrityAsync(CancellationToken cancellationToken = default)
    {
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var check = Command("PRAGMA integrity_check;");
            return Convert.ToString(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _connection.Dispose();
        _gate.Dispose();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    private async ValueTask<IReadOnlyList<OutboxEntry>> QueryAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var query = Command(sql);
            bind(query);
            using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var entries = new List<OutboxEntry>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                entries.Add(SqliteOutboxRows.Read(reader));
            }

            return entries;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Takes the store's one connection, opening the file and creating the table at first use.</summary>
    private async ValueTask EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_opened)
        {
            return;
        }

        try
        {
            await _connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var schema = Command(SqliteOutboxSql.Schema);
            await schema.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _opened = true;
        }
        catch
        {
            await _connection.CloseAsync().ConfigureAwait(false);
            _gate.Release();
            throw;
        }
    }

    private SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }
}
