using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConflictClient.Tests.Oracles;

/// <summary>
/// An independent RFC 6902 (JSON Patch) applier, written from the RFC text only.
/// Never mutates its inputs; any error throws <see cref="RfcPatchException"/>.
/// </summary>
internal static class RfcJsonPatch
{
    private static readonly string[] OperationMembers = ["op", "path", "from", "value"];

    /// <summary>Applies <paramref name="patch"/> to a deep clone of <paramref name="document"/>.</summary>
    public static JsonNode? Apply(JsonNode? document, JsonNode? patch)
    {
        // §3: a JSON Patch document is an array of operation objects.
        if (patch is not JsonArray operations)
        {
            throw new RfcPatchException("A JSON Patch document must be a JSON array (§3).");
        }

        // Work on a clone: a failure part-way leaves the caller's document untouched (§5).
        var target = document?.DeepClone();
        for (var i = 0; i < operations.Count; i++)
        {
            if (operations[i] is not JsonObject operation)
            {
                throw new RfcPatchException($"Operation {i} is not a JSON object (§3).");
            }

            target = ApplyOperation(target, operation, i);
        }

        return target;
    }

    /// <summary>RFC 6902 §4.6 equality: same JSON type, then type-specific rules.</summary>
    public static bool JsonEquals(JsonNode? a, JsonNode? b) => RfcJsonEquality.AreEqual(a, b);

    /// <summary>
    /// Parses patch text, rejecting an operation object that repeats "op", "path", "from"
    /// or "value" (§4 "exactly one"; Appendix A.13), which a <see cref="JsonNode"/> tree
    /// cannot represent.
    /// </summary>
    public static JsonNode? ParsePatch(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using (var parsed = JsonDocument.Parse(json))
            {
                if (parsed.RootElement.ValueKind == JsonValueKind.Array)
                {
                    foreach (var operation in parsed.RootElement.EnumerateArray())
                    {
                        RejectDuplicateMembers(operation);
                    }
                }
            }

            return JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new RfcPatchException("The patch is not well-formed JSON.", ex);
        }
    }

    private static void RejectDuplicateMembers(JsonElement operation)
    {
        if (operation.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in operation.EnumerateObject())
        {
            if (Array.IndexOf(OperationMembers, member.Name) >= 0 && !seen.Add(member.Name))
            {
                throw new RfcPatchException($"An operation has more than one \"{member.Name}\" member (§4, A.13).");
            }
        }
    }

    private static JsonNode? ApplyOperation(JsonNode? target, JsonObject operation, int i)
    {
        var op = RequiredString(operation, "op", i);
        var path = RequiredPointer(operation, "path", i);
        switch (op)
        {
            case "add":
                return Add(target, path, RequiredValue(operation, i), i);
            case "remove":
                Remove(target, path, i);
                return target;
            case "replace":
                return Replace(target, path, RequiredValue(operation, i), i);
            case "move":
                return Move(target, RequiredPointer(operation, "from", i), path, i);
            case "copy":
                var from = RequiredPointer(operation, "from", i);
                if (!RfcPointer.TryEvaluate(target, from, from.Count, out var source))
                {
                    throw new RfcPatchException($"Operation {i} (copy): the \"from\" location does not exist (§4.5).");
                }

                return Add(target, path, source?.DeepClone(), i);
            case "test":
                var expected = RequiredValue(operation, i);
                if (!RfcPointer.TryEvaluate(target, path, path.Count, out var actual))
                {
                    throw new RfcPatchException($"Operation {i} (test): the target location does not exist (§4.6).");
                }

                if (!JsonEquals(actual, expected))
                {
                    throw new RfcPatchException($"Operation {i} (test): the value is not equal (§4.6).");
                }

                return target;
            default:
                throw new RfcPatchException($"Operation {i}: unknown op \"{op}\" (§4).");
        }
    }

    // §4.1: the root, a member of an existing object, or an index (≤ length, or "-") of an existing array.
    private static JsonNode? Add(JsonNode? target, IReadOnlyList<string> path, JsonNode? value, int i)
    {
        if (path.Count == 0)
        {
            return value;
        }

        if (!RfcPointer.TryEvaluate(target, path, path.Count - 1, out var parent))
        {
            throw new RfcPatchException($"Operation {i} (add): the parent of the target location does not exist (§4.1).");
        }

        var last = path[^1];
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                return target;
            case JsonArray array when last == "-":
                array.Add(value);
                return target;
            case JsonArray array when RfcPointer.TryParseArrayIndex(last, out var index) && index <= array.Count:
                array.Insert(index, value);
                return target;
            case JsonArray:
                throw new RfcPatchException($"Operation {i} (add): \"{last}\" is not a valid index for that array (§4.1).");
            default:
                throw new RfcPatchException($"Operation {i} (add): the parent of the target location is not an object or array (§4.1).");
        }
    }

    // §4.2: the target location MUST exist. Removing the root itself is treated as an error.
    private static JsonNode? Remove(JsonNode? target, IReadOnlyList<string> path, int i)
    {
        if (path.Count == 0)
        {
            throw new RfcPatchException($"Operation {i} (remove): the whole document cannot be removed.");
        }

        if (!RfcPointer.TryEvaluate(target, path, path.Count, out var removed)
            || !RfcPointer.TryEvaluate(target, path, path.Count - 1, out var parent))
        {
            throw new RfcPatchException($"Operation {i} (remove): the target location does not exist (§4.2).");
        }

        if (parent is JsonObject obj)
        {
            obj.Remove(path[^1]);
        }
        else if (parent is JsonArray array && RfcPointer.TryParseArrayIndex(path[^1], out var index))
        {
            array.RemoveAt(index);
        }

        return removed;
    }

    // §4.3: the target location MUST exist; "" replaces the whole document. Otherwise remove then add.
    private static JsonNode? Replace(JsonNode? target, IReadOnlyList<string> path, JsonNode? value, int i)
    {
        if (!RfcPointer.TryEvaluate(target, path, path.Count, out _))
        {
            throw new RfcPatchException($"Operation {i} (replace): the target location does not exist (§4.3).");
        }

        if (path.Count == 0)
        {
            return value;
        }

        Remove(target, path, i);
        return Add(target, path, value, i);
    }

    // §4.4: "from" MUST exist and MUST NOT be a proper prefix of "path"; otherwise remove then add.
    private static JsonNode? Move(JsonNode? target, IReadOnlyList<string> from, IReadOnlyList<string> path, int i)
    {
        if (!RfcPointer.TryEvaluate(target, from, from.Count, out _))
        {
            throw new RfcPatchException($"Operation {i} (move): the \"from\" location does not exist (§4.4).");
        }

        if (RfcPointer.IsProperPrefix(from, path))
        {
            throw new RfcPatchException($"Operation {i} (move): a location cannot be moved into one of its children (§4.4).");
        }

        if (from.SequenceEqual(path, StringComparer.Ordinal))
        {
            return target;
        }

        var value = Remove(target, from, i)?.DeepClone();
        return Add(target, path, value, i);
    }

    private static string RequiredString(JsonObject operation, string name, int i)
    {
        if (!operation.TryGetPropertyValue(name, out var node)
            || node is null
            || node.GetValueKind() != JsonValueKind.String)
        {
            throw new RfcPatchException($"Operation {i}: the \"{name}\" member is missing or not a string (§4).");
        }

        return node.GetValue<string>();
    }

    private static IReadOnlyList<string> RequiredPointer(JsonObject operation, string name, int i)
    {
        var text = RequiredString(operation, name, i);
        if (!RfcPointer.TryParse(text, out var tokens))
        {
            throw new RfcPatchException($"Operation {i}: \"{name}\" is not a valid JSON Pointer (§4, RFC 6901 §3).");
        }

        return tokens;
    }

    // A missing "value" is an error; a present "value": null is a JSON null.
    private static JsonNode? RequiredValue(JsonObject operation, int i)
    {
        if (!operation.TryGetPropertyValue("value", out var value))
        {
            throw new RfcPatchException($"Operation {i}: the \"value\" member is missing (§4.1, §4.3, §4.6).");
        }

        return value?.DeepClone();
    }
}
