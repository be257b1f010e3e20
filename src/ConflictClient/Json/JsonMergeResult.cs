using System.Text;
using System.Text.Json.Nodes;

namespace ConflictClient.Json;

/// <summary>The outcome of a three-way merge: the merged document and every conflict with how it was settled.</summary>
public sealed class JsonMergeResult
{
    private JsonNode? _merged;
    private bool _parsed;

    internal JsonMergeResult(ReadOnlyMemory<byte> utf8, IReadOnlyList<JsonMergeConflict> conflicts)
    {
        Utf8Json = utf8;
        Conflicts = conflicts;
        HasUnresolvedConflicts = conflicts.Any(c => c.Resolution == JsonMergeResolutionKind.Unresolved);
    }

    /// <summary>Gets the merged document as UTF-8 JSON. Unresolved paths hold the remote value.</summary>
    public ReadOnlyMemory<byte> Utf8Json { get; }

    /// <summary>Gets the merged document as a <see cref="JsonNode"/> (parsed on first use).</summary>
    public JsonNode? Merged
    {
        get
        {
            if (!_parsed)
            {
                _merged = JsonNode.Parse(Utf8Json.Span);
                _parsed = true;
            }

            return _merged;
        }
    }

    /// <summary>Gets every conflict, resolved or not, in document order.</summary>
    public IReadOnlyList<JsonMergeConflict> Conflicts { get; }

    /// <summary>Gets a value indicating whether any conflict is unresolved; then the merge must not be written.</summary>
    public bool HasUnresolvedConflicts { get; }

    /// <summary>Gets the unresolved conflicts.</summary>
    public IEnumerable<JsonMergeConflict> UnresolvedConflicts => Conflicts.Where(c => c.Resolution == JsonMergeResolutionKind.Unresolved);

    /// <summary>Returns the merged document as JSON text.</summary>
    /// <returns>The JSON.</returns>
    public string ToJsonString() => Encoding.UTF8.GetString(Utf8Json.Span);
}
