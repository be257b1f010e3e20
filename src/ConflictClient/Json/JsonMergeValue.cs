using System.Text.Json.Nodes;

namespace ConflictClient.Json;

/// <summary>One side's value at a path: a JSON value (possibly JSON <c>null</c>), or missing. Null and missing differ.</summary>
public readonly struct JsonMergeValue
{
    internal JsonMergeValue(bool exists, JsonNode? value)
    {
        Exists = exists;
        Value = value;
    }

    /// <summary>Gets a value indicating whether the member or item exists on this side.</summary>
    public bool Exists { get; }

    /// <summary>Gets the value when <see cref="Exists"/>; <see langword="null"/> for JSON <c>null</c> or missing.</summary>
    public JsonNode? Value { get; }

    /// <summary>Returns the value as JSON, "null", or "(missing)".</summary>
    /// <returns>The text.</returns>
    public override string ToString() => !Exists ? "(missing)" : Value?.ToJsonString() ?? "null";
}
