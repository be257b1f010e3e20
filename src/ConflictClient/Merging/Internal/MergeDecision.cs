using System.Text.Json.Nodes;

namespace ConflictClient.Merging;

/// <summary>A merge strategy's internal answer: the body to write (as bytes or as JSON), accept remote, or give up.</summary>
internal readonly struct MergeDecision
{
    private MergeDecision(MergeResultKind kind, byte[]? body, JsonNode? json, bool hasJson, string? reason, bool unchanged = false)
    {
        Kind = kind;
        Body = body;
        Json = json;
        HasJson = hasJson;
        Reason = reason;
        IsUnchanged = unchanged;
    }

    /// <summary>Gets a value indicating whether the remote state is kept because the change had nothing to do on it.</summary>
    public bool IsUnchanged { get; }

    public MergeResultKind Kind { get; }

    /// <summary>Gets the body bytes to write, when the strategy kept them as bytes.</summary>
    public byte[]? Body { get; }

    /// <summary>Gets the body to write as JSON, when <see cref="HasJson"/>.</summary>
    public JsonNode? Json { get; }

    public bool HasJson { get; }

    /// <summary>Gets a value indicating whether the body to write is JSON null (a merge that returned null).</summary>
    public bool IsNull => Kind == MergeResultKind.Merged && HasJson && Json is null;

    public string? Reason { get; }

    public static MergeDecision WriteBytes(byte[]? body) => new(MergeResultKind.Merged, body, null, hasJson: false, null);

    public static MergeDecision WriteJson(JsonNode? json) => new(MergeResultKind.Merged, null, json, hasJson: true, null);

    public static MergeDecision AcceptRemote() => new(MergeResultKind.AcceptRemote, null, null, hasJson: false, null);

    public static MergeDecision Unchanged() => new(MergeResultKind.AcceptRemote, null, null, hasJson: false, null, unchanged: true);

    public static MergeDecision GiveUp(string? reason) => new(MergeResultKind.GiveUp, null, null, hasJson: false, reason);
}
