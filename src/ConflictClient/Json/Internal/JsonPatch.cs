using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConflictClient.Json;

/// <summary>
/// JSON Patch (RFC 6902): parses a patch document and applies it to a copy of a document, as a server would. Every
/// failure RFC 6902 §5 names (a malformed patch, a location that does not exist, a failed <c>test</c>) is an error
/// with a reason, never an exception. Pure functions; the inputs are never changed.
/// </summary>
internal static class JsonPatch
{
    /// <summary>Parses a patch document: an array of operation objects, each with a known <c>op</c> and what it needs.</summary>
    public static bool TryParse(JsonNode? patch, [NotNullWhen(true)] out IReadOnlyList<JsonPatchOperation>? operations, [NotNullWhen(false)] out string? error)
    {
        operations = null;
        if (patch is not JsonArray array)
        {
            error = "a JSON Patch is an array of operations";
            return false;
        }

        var parsed = new List<JsonPatchOperation>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (!TryParseOperation(array[i], out var operation, out error))
            {
                error = $"operation {i}: {error}";
                return false;
            }

            parsed.Add(operation);
        }

        (operations, error) = (parsed, null);
        return true;
    }

    /// <summary>Applies <paramref name="operations"/> to a copy of <paramref name="document"/>, all or nothing.</summary>
    public static bool TryApply(JsonNode? document, IReadOnlyList<JsonPatchOperation> operations, out JsonNode? result, [NotNullWhen(false)] out string? error)
    {
        var current = document?.DeepClone();
        for (var i = 0; i < operations.Count; i++)
        {
            if (!TryApply(ref current, operations[i], out error))
            {
                (result, error) = (null, $"operation {i} ({Name(operations[i].Kind)} {Show(operations[i].Path)}): {error}");
                return false;
            }
        }

        (result, error) = (current, null);
        return true;
    }

    private static bool TryParseOperation(JsonNode? node, [NotNullWhen(true)] out JsonPatchOperation? operation, [NotNullWhen(false)] out string? error)
    {
        operation = null;
        if (node is not JsonObject member)
        {
            error = "not an object";
            return false;
        }

        var kind = Text(member, "op") switch
        {
            "add" => JsonPatchOperationKind.Add,
            "remove" => JsonPatchOperationKind.Remove,
            "replace" => JsonPatchOperationKind.Replace,
            "move" => JsonPatchOperationKind.Move,
            "copy" => JsonPatchOperationKind.Copy,
            "test" => JsonPatchOperationKind.Test,
            _ => JsonPatchOperationKind.None,
        };
        if (kind == JsonPatchOperationKind.None)
        {
            error = "'op' is missing or not one of add, remove, replace, move, copy, test";
            return false;
        }

        if (!TryPointer(member, "path", out var path, out error))
        {
            return false;
        }

        JsonPointer? from = null;
        if (kind is JsonPatchOperationKind.Move or JsonPatchOperationKind.Copy && !TryPointer(member, "from", out from, out error))
        {
            return false;
        }

        JsonNode? value = null;
        if (kind is JsonPatchOperationKind.Add or JsonPatchOperationKind.Replace or JsonPatchOperationKind.Test &&
            !member.TryGetPropertyValue("value", out value))
        {
            error = $"'{Name(kind)}' needs a 'value'";
            return false;
        }

        (operation, error) = (new JsonPatchOperation(kind, path!, from, value), null);
        return true;
    }

    private static bool TryApply(ref JsonNode? document, JsonPatchOperation operation, [NotNullWhen(false)] out string? error)
    {
        switch (operation.Kind)
        {
            case JsonPatchOperationKind.Add:
                return TryAdd(ref document, operation.Path, operation.Value?.DeepClone(), out error);
            case JsonPatchOperationKind.Remove:
                return TryRemove(document, operation.Path, out _, out error);
            case JsonPatchOperationKind.Replace when operation.Path.IsRoot:
                return TryAdd(ref document, operation.Path, operation.Value?.DeepClone(), out error);
            case JsonPatchOperationKind.Replace:
                return TryRemove(document, operation.Path, out _, out error) && TryAdd(ref document, operation.Path, operation.Value?.DeepClone(), out error);
            case JsonPatchOperationKind.Move:
                var from = operation.From!;
                if (IsProperPrefix(from, operation.Path))
                {
                    error = $"'from' {Show(from)} is a parent of the target: a location cannot be moved into its own child";
                    return false;
                }

                if (from.Text == operation.Path.Text)
                {
                    return Exists(document, from, out error);
                }

                return TryRemove(document, from, out var moved, out error) && TryAdd(ref document, operation.Path, moved, out error);
            case JsonPatchOperationKind.Copy:
                if (!operation.From!.TryGet(document, out var copied))
                {
                    error = $"'from' {Show(operation.From)} does not exist";
                    return false;
                }

                return TryAdd(ref document, operation.Path, copied?.DeepClone(), out error);
            default:
                if (!operation.Path.TryGet(document, out var actual))
                {
                    error = "the tested location does not exist";
                    return false;
                }

                error = JsonNode.DeepEquals(actual, operation.Value) ? null : "the value differs from the tested one";
                return error is null;
        }
    }

    private static bool TryAdd(ref JsonNode? document, JsonPointer path, JsonNode? value, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (path.IsRoot)
        {
            document = value;
            return true;
        }

        var segment = path.Segments[^1];
        switch (Parent(document, path))
        {
            case JsonObject parent:
                parent[segment] = value;
                return true;
            case JsonArray parent when segment == "-":
                parent.Add(value);
                return true;
            case JsonArray parent when TryIndex(segment, out var index) && index <= parent.Count:
                parent.Insert(index, value);
                return true;
            case JsonArray:
                error = $"'{segment}' is not an index from 0 to the array's length, or '-'";
                return false;
            default:
                error = "the parent location does not exist or is neither an object nor an array";
                return false;
        }
    }

    private static bool TryRemove(JsonNode? document, JsonPointer path, out JsonNode? removed, [NotNullWhen(false)] out string? error)
    {
        (removed, error) = (null, null);
        if (path.IsRoot)
        {
            error = "the whole document cannot be removed";
            return false;
        }

        var segment = path.Segments[^1];
        switch (Parent(document, path))
        {
            case JsonObject parent when parent.TryGetPropertyValue(segment, out removed):
                parent.Remove(segment);
                return true;
            case JsonArray parent when TryIndex(segment, out var index) && index < parent.Count:
                removed = parent[index];
                parent.RemoveAt(index);
                return true;
            default:
                error = "the location does not exist";
                return false;
        }
    }

    private static JsonNode? Parent(JsonNode? document, JsonPointer path) =>
        JsonPointer.FromSegments([.. path.Segments.Take(path.Segments.Count - 1)]).TryGet(document, out var parent) ? parent : null;

    private static bool Exists(JsonNode? document, JsonPointer path, [NotNullWhen(false)] out string? error)
    {
        error = path.TryGet(document, out _) ? null : $"'from' {Show(path)} does not exist";
        return error is null;
    }

    private static bool IsProperPrefix(JsonPointer prefix, JsonPointer path) =>
        prefix.Segments.Count < path.Segments.Count && prefix.Segments.SequenceEqual(path.Segments.Take(prefix.Segments.Count), StringComparer.Ordinal);

    // RFC 6901: array indexes are decimal, with no leading zeros and no sign.
    // NumberStyles.None takes ASCII digits only: no sign, space or other digits.
    private static bool TryIndex(string segment, out int index)
    {
        index = 0;
        return (segment.Length == 1 || (segment.Length > 1 && segment[0] != '0')) &&
            int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }

    private static bool TryPointer(JsonObject member, string name, out JsonPointer? pointer, [NotNullWhen(false)] out string? error)
    {
        pointer = null;
        if (Text(member, name) is not { } text)
        {
            error = $"'{name}' is missing or not a string";
            return false;
        }

        return JsonPointer.TryParse(text, out pointer, out error);
    }

    private static string? Text(JsonObject member, string name) =>
        member.TryGetPropertyValue(name, out var node) && node is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : null;

    private static string Name(JsonPatchOperationKind kind) => kind.ToString().ToLowerInvariant();

    private static string Show(JsonPointer pointer) => pointer.IsRoot ? "\"\" (the whole document)" : $"'{pointer.Text}'";
}
