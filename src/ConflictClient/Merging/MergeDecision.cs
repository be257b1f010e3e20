using System.Text.Json.Nodes;

namespace ConflictClient.Merging;

/// <summary>A merge strategy's internal answer: the body to write (as bytes or as JSON), accept remote, or give up.</summary>
internal readonly struct MergeDecision
{
    private MergeDecision(MergeResultKind kind, byte[]? body, JsonNode? json, bool hasJson, string? reason)
    {
        Kind = kind;
        Body = body;
        Json = json;
        HasJson = hasJson;
        Reason = reason;
    }

    public MergeResultKind Kind { get; }

    /// <summary>Gets the body bytes to write, when the strategy kept them as bytes.</summary>
    public byte[]? Body { get; }

    /// <summary>Gets the body to write as JSON, when <see cref="HasJson"/>.</summary>
    public JsonNode? Json { get; }

    public bool HasJson { get; }

    public string? Reason { get; }

    public static MergeDecision WriteBytes(byte[]? body) => new(MergeResultKind.Merged, body, null, hasJson: false, null);

    public static MergeDecision WriteJson(JsonNode? json) => new(MergeResultKind.Merged, null, json, hasJson: true, null);

    public static MergeDecision AcceptRemote() => new(MergeResultKind.AcceptRemote, null, null, hasJson: false, null);

    public static MergeDecision GiveUp(string? reason) => new(MergeResultKind.GiveUp, null, null, hasJson: false, reason);
}
