namespace ConflictClient.Json;

/// <summary>A path that both sides changed differently, the three values there, and how it was settled.</summary>
public sealed class JsonMergeConflict
{
    internal JsonMergeConflict(string path, JsonMergeValue baseValue, JsonMergeValue local, JsonMergeValue remote)
    {
        Path = path;
        Base = baseValue;
        Local = local;
        Remote = remote;
    }

    /// <summary>Gets the JSON Pointer of the conflict; array items are addressed by their index in the merged document.</summary>
    public string Path { get; }

    /// <summary>Gets the value the change was based on (missing when the base lacks it or is unknown).</summary>
    public JsonMergeValue Base { get; }

    /// <summary>Gets my value.</summary>
    public JsonMergeValue Local { get; }

    /// <summary>Gets the server's value.</summary>
    public JsonMergeValue Remote { get; }

    /// <summary>Gets how the conflict was settled.</summary>
    public JsonMergeResolutionKind Resolution { get; internal set; }

    /// <summary>Gets the value written to the merged document (missing when removed, or kept remote when unresolved).</summary>
    public JsonMergeValue Result { get; internal set; }

    /// <summary>Describes the conflict: path, the three values, and the resolution.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"{Path}: base {Base}, local {Local}, remote {Remote} -> {Resolution}";
}
