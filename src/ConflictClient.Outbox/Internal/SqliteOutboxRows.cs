using System.Buffers;
using System.Text;
using System.Text.Json;
using ConflictClient.Conflicts;
using Microsoft.Data.Sqlite;

namespace ConflictClient.Outbox.Internal;

/// <summary>An <see cref="OutboxEntry"/> as a row: parameters to write it, and the reading of one.</summary>
internal static class SqliteOutboxRows
{
    public static void Bind(SqliteCommand command, OutboxEntry entry)
    {
        var p = command.Parameters;
        p.AddWithValue("$resource", entry.Resource);
        p.AddWithValue("$method", entry.Method);
        p.AddWithValue("$uri", entry.RequestUri.AbsoluteUri);
        p.AddWithValue("$headers", WriteHeaders(entry.Headers));
        p.AddWithValue("$body", Blob(entry.Body));
        p.AddWithValue("$base", Blob(entry.Base));
        p.AddWithValue("$idempotency_key", (object?)entry.IdempotencyKey ?? DBNull.Value);
        p.AddWithValue("$state", (int)entry.State);
        p.AddWithValue("$sends", entry.Sends);
        p.AddWithValue("$may_have_left", entry.MayHaveLeft ? 1 : 0);
        p.AddWithValue("$enqueued_at", entry.EnqueuedAt.ToUnixTimeMilliseconds());
        p.AddWithValue("$updated_at", entry.UpdatedAt.ToUnixTimeMilliseconds());
        p.AddWithValue("$outcome", (int)entry.Outcome);
        p.AddWithValue("$write_outcome", (int)entry.WriteOutcome);
        p.AddWithValue("$reason", (int)entry.Reason);
        p.AddWithValue("$status_code", (object?)entry.StatusCode ?? DBNull.Value);
        p.AddWithValue("$message", (object?)entry.Message ?? DBNull.Value);
        p.AddWithValue("$remote", Blob(entry.Remote));
        p.AddWithValue("$remote_version", (object?)entry.RemoteVersion ?? DBNull.Value);
        p.AddWithValue("$server_errors", entry.ServerErrors);
    }

    public static OutboxEntry Read(SqliteDataReader row) => new()
    {
        Id = row.GetInt64(0),
        Resource = row.GetString(1),
        Method = row.GetString(2),
        RequestUri = new Uri(row.GetString(3), UriKind.Absolute),
        Headers = ReadHeaders(row.GetString(4)),
        Body = Bytes(row, 5),
        Base = Bytes(row, 6),
        IdempotencyKey = row.IsDBNull(7) ? null : row.GetString(7),
        State = (OutboxEntryState)row.GetInt32(8),
        Sends = row.GetInt32(9),
        MayHaveLeft = row.GetInt32(10) != 0,
        EnqueuedAt = DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(11)),
        UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(12)),
        Outcome = (OutboxOutcomeKind)row.GetInt32(13),
        WriteOutcome = (ConflictOutcome)row.GetInt32(14),
        Reason = (ConflictFailureReason)row.GetInt32(15),
        StatusCode = row.IsDBNull(16) ? null : row.GetInt32(16),
        Message = row.IsDBNull(17) ? null : row.GetString(17),
        Remote = Bytes(row, 18),
        RemoteVersion = row.IsDBNull(19) ? null : row.GetString(19),
        ServerErrors = row.GetInt32(20),
    };

    /// <summary>Headers as a JSON array of [name, value] pairs: any value survives, control characters included.</summary>
    public static string WriteHeaders(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var (name, value) in headers)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(name);
                writer.WriteStringValue(value);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static IReadOnlyList<KeyValuePair<string, string>> ReadHeaders(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(pair => KeyValuePair.Create(pair[0].GetString()!, pair[1].GetString()!))];
    }

    private static object Blob(ReadOnlyMemory<byte>? bytes) => bytes is { } value ? value.ToArray() : DBNull.Value;

    private static ReadOnlyMemory<byte>? Bytes(SqliteDataReader row, int column) => row.IsDBNull(column) ? null : (byte[])row.GetValue(column);
}
