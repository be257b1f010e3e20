namespace ConflictClient.Json;

/// <summary>
/// JSON Pointers whose <c>*</c> segments match any member name or index, such as server-managed fields
/// (<c>/_rev</c>, <c>/metadata/*</c>): tells whether a location is one of them or inside one.
/// </summary>
internal sealed class JsonPathPatterns
{
    private readonly List<IReadOnlyList<string>> _patterns;

    public JsonPathPatterns(IReadOnlyList<string> pointers)
    {
        _patterns = new List<IReadOnlyList<string>>(pointers.Count);
        foreach (var pointer in pointers)
        {
            // A pattern that does not parse matches nothing: callers use patterns to ignore locations, so an invalid one
            // can only make them see more, never less (and options validation refuses it at start-up).
            if (JsonPointer.TryParseMember(pointer, out var parsed, out _))
            {
                _patterns.Add(parsed.Segments);
            }
        }
    }

    /// <summary>Whether <paramref name="location"/> is a location a pattern matches, or inside one.</summary>
    public bool Covers(JsonPointer location) =>
        _patterns.Exists(pattern => pattern.Count <= location.Segments.Count &&
            pattern.Select((segment, i) => segment == "*" || segment == location.Segments[i]).All(match => match));
}
