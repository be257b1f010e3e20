using System.Text.Json.Nodes;
using ConflictClient.Reporting;

namespace ConflictClient.Outbox;

/// <summary>What became of a queued write, as the app is told it (<see cref="ConflictOutbox.ReadOutcomesAsync"/>).</summary>
public sealed class OutboxOutcome
{
    private ConflictReport? _report;

    /// <summary>Initializes a new instance of the <see cref="OutboxOutcome"/> class.</summary>
    /// <param name="entry">The ended (or parked) entry.</param>
    public OutboxOutcome(OutboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Entry = entry;
    }

    /// <summary>Gets the entry as it ended.</summary>
    public OutboxEntry Entry { get; }

    /// <summary>Gets how it ended.</summary>
    public OutboxOutcomeKind Kind => Entry.Outcome;

    /// <summary>
    /// Gets, for a write that met the server's state (parked, or of unknown outcome), the field-by-field report for the
    /// person: what it was (the base), what I wrote (mine), what the server has (theirs). Null when the server's state is not known.
    /// </summary>
    public ConflictReport? Report => _report ??= Entry.Remote is { } remote ? ConflictReport.Create(Parse(Entry.Base), Parse(Entry.Body), Parse(remote), kept: null) : null;

    /// <inheritdoc/>
    public override string ToString() => $"#{Entry.Id} {Entry.Method} {Entry.Resource}: {Kind}{(Entry.Reason == Conflicts.ConflictFailureReason.None ? string.Empty : $" ({Entry.Reason})")}";

    private static JsonNode? Parse(ReadOnlyMemory<byte>? json)
    {
        if (json is not { Length: > 0 } bytes)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(bytes.Span);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create("(not JSON)");
        }
    }
}
