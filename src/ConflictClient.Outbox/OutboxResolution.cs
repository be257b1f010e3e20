using System.Text;
using System.Text.Json.Nodes;

namespace ConflictClient.Outbox;

/// <summary>What a person decided for a parked write (<see cref="ConflictOutbox.ResolveAsync"/>).</summary>
public sealed class OutboxResolution
{
    private OutboxResolution(ReadOnlyMemory<byte>? body) => Body = body;

    /// <summary>Gets the body to send instead, made from the server's state (theirs); null to discard the write.</summary>
    public ReadOnlyMemory<byte>? Body { get; }

    /// <summary>Ends the write as not applied: the server's state stays.</summary>
    /// <returns>The resolution.</returns>
    public static OutboxResolution Discard() => new(null);

    /// <summary>
    /// Sends <paramref name="body"/> instead: the person's choice, made from the server's state (theirs), which becomes
    /// the write's base and version. If the server changed again meanwhile, the client's merge strategy merges it as usual.
    /// </summary>
    /// <param name="body">The resolved representation, as JSON.</param>
    /// <returns>The resolution.</returns>
    public static OutboxResolution Resend(JsonNode body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new(Encoding.UTF8.GetBytes(body.ToJsonString()));
    }

    /// <summary>Sends <paramref name="utf8Json"/> instead (see <see cref="Resend(JsonNode)"/>).</summary>
    /// <param name="utf8Json">The resolved representation, as UTF-8 JSON.</param>
    /// <returns>The resolution.</returns>
    public static OutboxResolution Resend(ReadOnlyMemory<byte> utf8Json) => new(utf8Json);
}
