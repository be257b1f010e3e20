using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConflictClient.Json;

/// <summary>
/// Three-way JSON merge over System.Text.Json: <c>base</c> is what the client last saw, <c>local</c> what it wants to
/// write, <c>remote</c> what the server has now.
/// </summary>
/// <remarks>
/// Member by member: changed on one side only, that side wins; the same change on both sides is kept once; deleted on
/// one side and unchanged on the other, deleted; changed differently on both sides, a conflict settled by
/// <see cref="JsonMergeOptions.DefaultPolicy"/> or a path rule. Null and missing are different values; equal numbers
/// written differently (<c>1</c>, <c>1.0</c>) and equal strings escaped differently are equal. Members keep the
/// remote's order, then members only the local side has.
/// </remarks>
public static class JsonMerge
{
    /// <summary>Merges three documents.</summary>
    /// <param name="base">What the local change was based on.</param>
    /// <param name="local">My version.</param>
    /// <param name="remote">The server's current version.</param>
    /// <param name="options">Policies and path rules; defaults fail on any conflict.</param>
    /// <returns>The merged document and every conflict.</returns>
    public static JsonMergeResult ThreeWay(JsonElement @base, JsonElement local, JsonElement remote, JsonMergeOptions? options = null) =>
        JsonThreeWayMerger.Merge(MergeSlot.Of(@base), local, remote, options);

    /// <summary>Merges three documents given as nodes (<see langword="null"/> is JSON <c>null</c>).</summary>
    /// <param name="base">What the local change was based on.</param>
    /// <param name="local">My version.</param>
    /// <param name="remote">The server's current version.</param>
    /// <param name="options">Policies and path rules; defaults fail on any conflict.</param>
    /// <returns>The merged document and every conflict.</returns>
    public static JsonMergeResult ThreeWay(JsonNode? @base, JsonNode? local, JsonNode? remote, JsonMergeOptions? options = null) =>
        ThreeWay(Element(@base), Element(local), Element(remote), options);

    /// <summary>Merges three documents given as JSON text.</summary>
    /// <param name="base">What the local change was based on.</param>
    /// <param name="local">My version.</param>
    /// <param name="remote">The server's current version.</param>
    /// <param name="options">Policies and path rules; defaults fail on any conflict.</param>
    /// <returns>The merged document and every conflict.</returns>
    /// <exception cref="JsonException">A document is not valid JSON.</exception>
    public static JsonMergeResult ThreeWay(string @base, string local, string remote, JsonMergeOptions? options = null)
    {
        using var b = JsonDocument.Parse(@base);
        using var l = JsonDocument.Parse(local);
        using var r = JsonDocument.Parse(remote);
        return ThreeWay(b.RootElement, l.RootElement, r.RootElement, options);
    }

    /// <summary>
    /// Merges without a base. Nothing either side has is dropped: members and items present on one side only are kept
    /// (a deletion cannot be told from an addition), and every value the two sides hold differently is a conflict.
    /// </summary>
    /// <param name="local">My version.</param>
    /// <param name="remote">The server's current version.</param>
    /// <param name="options">Policies and path rules; defaults fail on any conflict.</param>
    /// <returns>The merged document and every conflict.</returns>
    public static JsonMergeResult WithoutBase(JsonElement local, JsonElement remote, JsonMergeOptions? options = null) =>
        JsonThreeWayMerger.Merge(MergeSlot.Unknown, local, remote, options);

    /// <summary>Merges without a base (see <see cref="WithoutBase(JsonElement, JsonElement, JsonMergeOptions?)"/>).</summary>
    /// <param name="local">My version.</param>
    /// <param name="remote">The server's current version.</param>
    /// <param name="options">Policies and path rules; defaults fail on any conflict.</param>
    /// <returns>The merged document and every conflict.</returns>
    public static JsonMergeResult WithoutBase(JsonNode? local, JsonNode? remote, JsonMergeOptions? options = null) =>
        WithoutBase(Element(local), Element(remote), options);

    private static JsonElement Element(JsonNode? node) =>
        node is null ? JsonNull : JsonSerializer.SerializeToElement(node, JsonMergeSerializerContext.Default.JsonNode);

    private static JsonElement JsonNull { get; } = JsonDocument.Parse("null").RootElement;
}
