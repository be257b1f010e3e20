using System.Globalization;
using System.Text.Json;

namespace ConflictClient.Json;

/// <summary>One step of the path the merge is at: a member name or an array index, spelled out only for a conflict.</summary>
internal readonly struct MergePathSegment
{
    private readonly JsonProperty _property;
    private readonly int _index;

    public MergePathSegment(JsonProperty property)
    {
        _property = property;
        _index = -1;
    }

    public MergePathSegment(int index) => _index = index;

    public string Text => _index >= 0 ? _index.ToString(CultureInfo.InvariantCulture) : JsonPointer.Escape(_property.Name);
}
