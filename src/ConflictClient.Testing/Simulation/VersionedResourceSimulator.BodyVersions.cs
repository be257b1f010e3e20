using System.Globalization;
using System.Text.Json.Nodes;

namespace ConflictClient.Testing;

/// <summary>Versions carried in a field of the body (<see cref="VersionPlacement.Body"/>).</summary>
public sealed partial class VersionedResourceSimulator
{
    private string[] VersionPath => Options.BodyVersionPath.Trim('/').Split('/');

    private bool HasBodyVersion(JsonObject? body)
    {
        JsonNode? node = body;
        foreach (var segment in VersionPath)
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(segment, out var child) ? child : null;
        }

        return node is not null;
    }

    private bool BodyVersionMatches(JsonObject? body, long version)
    {
        JsonNode? node = body;
        foreach (var segment in VersionPath)
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(segment, out var child) ? child : null;
        }

        return node is JsonValue value && value.ToJsonString() == VersionJson(version).ToJsonString();
    }

    private void SetBodyVersion(JsonObject body, long version)
    {
        var target = body;
        var path = VersionPath;
        foreach (var segment in path[..^1])
        {
            if (target[segment] is not JsonObject next)
            {
                next = [];
                target[segment] = next;
            }

            target = next;
        }

        target[path[^1]] = VersionJson(version);
    }

    private void RemoveBodyVersion(JsonObject body)
    {
        var target = body;
        var path = VersionPath;
        foreach (var segment in path[..^1])
        {
            if (target[segment] is not JsonObject next)
            {
                return;
            }

            target = next;
        }

        target.Remove(path[^1]);
    }

    private JsonNode VersionJson(long version) =>
        Options.BodyVersionAsString ? JsonValue.Create(version.ToString(CultureInfo.InvariantCulture)) : JsonValue.Create(version);
}
