using System.Text.Json.Nodes;

namespace ConflictClient.Json;

/// <summary>What a conflict resolver decides for one conflicting path.</summary>
public readonly struct JsonMergeResolution
{
    private JsonMergeResolution(JsonMergeResolutionKind kind, JsonNode? value, bool remove)
    {
        Kind = kind;
        Value = value;
        Removes = remove;
    }

    /// <summary>Gets the kind of decision.</summary>
    public JsonMergeResolutionKind Kind { get; }

    /// <summary>Gets the value to write, for <see cref="Use(JsonNode?)"/>.</summary>
    public JsonNode? Value { get; }

    /// <summary>Gets a value indicating whether the member or item is removed.</summary>
    public bool Removes { get; }

    /// <summary>Gets the decision to keep the local value.</summary>
    public static JsonMergeResolution Local => new(JsonMergeResolutionKind.Local, null, false);

    /// <summary>Gets the decision to keep the remote value.</summary>
    public static JsonMergeResolution Remote => new(JsonMergeResolutionKind.Remote, null, false);

    /// <summary>Gets the decision to leave the conflict unresolved, which fails the merge.</summary>
    public static JsonMergeResolution Unresolved => new(JsonMergeResolutionKind.Unresolved, null, false);

    /// <summary>Gets the decision to remove the member or item.</summary>
    public static JsonMergeResolution Remove => new(JsonMergeResolutionKind.Custom, null, true);

    /// <summary>Write <paramref name="value"/> (it is copied).</summary>
    /// <param name="value">The value; <see langword="null"/> writes JSON <c>null</c>.</param>
    /// <returns>The decision.</returns>
    public static JsonMergeResolution Use(JsonNode? value) => new(JsonMergeResolutionKind.Custom, value, false);
}
