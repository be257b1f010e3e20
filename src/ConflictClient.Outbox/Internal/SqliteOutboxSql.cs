namespace ConflictClient.Outbox.Internal;

/// <summary>The SQL of <see cref="Sqlite.SqliteOutboxStore"/>. States: 1 queued, 2 sending, 3 parked, 4 ended.</summary>
internal static class SqliteOutboxSql
{
    public const string Schema = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = FULL;
        CREATE TABLE IF NOT EXISTS outbox_entries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            resource TEXT NOT NULL,
            method TEXT NOT NULL,
            uri TEXT NOT NULL,
            headers TEXT NOT NULL,
            body BLOB,
            base BLOB,
            idempotency_key TEXT,
            state INTEGER NOT NULL,
            sends INTEGER NOT NULL,
            may_have_left INTEGER NOT NULL,
            enqueued_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            outcome INTEGER NOT NULL,
            write_outcome INTEGER NOT NULL,
            reason INTEGER NOT NULL,
            status_code INTEGER,
            message TEXT,
            remote BLOB,
            remote_version TEXT,
            server_errors INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS outbox_sendable ON outbox_entries (resource, id) WHERE state IN (1, 2);
        CREATE INDEX IF NOT EXISTS outbox_waiting ON outbox_entries (state) WHERE state IN (1, 2, 3);
        CREATE INDEX IF NOT EXISTS outbox_posts ON outbox_entries (id) WHERE state IN (1, 2) AND method = 'POST';
        CREATE INDEX IF NOT EXISTS outbox_ended ON outbox_entries (updated_at) WHERE state = 4;
        """;

    public const string Columns = "resource, method, uri, headers, body, base, idempotency_key, state, sends, may_have_left, enqueued_at, updated_at, outcome, write_outcome, reason, status_code, message, remote, remote_version, server_errors";

    public const string Insert = $"""
        INSERT INTO outbox_entries ({Columns})
        VALUES ($resource, $method, $uri, $headers, $body, $base, $idempotency_key, $state, $sends, $may_have_left, $enqueued_at, $updated_at, $outcome, $write_outcome, $reason, $status_code, $message, $remote, $remote_version, $server_errors);
        SELECT last_insert_rowid();
        """;

    public const string Update = UpdateById + ";";

    public const string UpdateIfUnchanged = UpdateById + " AND state = $expected_state AND sends = $expected_sends AND updated_at = $expected_updated_at;";

    private const string UpdateById = """
        UPDATE outbox_entries SET resource = $resource, method = $method, uri = $uri, headers = $headers, body = $body, base = $base,
            idempotency_key = $idempotency_key, state = $state, sends = $sends, may_have_left = $may_have_left, enqueued_at = $enqueued_at,
            updated_at = $updated_at, outcome = $outcome, write_outcome = $write_outcome, reason = $reason, status_code = $status_code,
            message = $message, remote = $remote, remote_version = $remote_version, server_errors = $server_errors
        WHERE id = $id
        """;

    public const string Select = $"SELECT id, {Columns} FROM outbox_entries";

    public const string Next = $"""
        {Select} AS e WHERE id IN (SELECT MIN(id) FROM outbox_entries WHERE state IN (1, 2) GROUP BY resource)
        AND NOT EXISTS (
            SELECT 1 FROM outbox_entries AS p WHERE p.state IN (1, 2) AND p.method = 'POST' AND p.id < e.id
            AND substr(e.resource, 1, length(rtrim(p.resource, '/')) + 1) = rtrim(p.resource, '/') || '/' AND e.resource <> p.resource)
        ORDER BY id LIMIT $limit;
        """;

    public const string ByState = $"{Select} WHERE state = $state ORDER BY id;";

    public const string ById = $"{Select} WHERE id = $id;";

    public const string CountWaiting = "SELECT COUNT(*) FROM outbox_entries WHERE state IN (1, 2, 3);";

    public const string Prune = "DELETE FROM outbox_entries WHERE state = 4 AND updated_at < $before;";
}
