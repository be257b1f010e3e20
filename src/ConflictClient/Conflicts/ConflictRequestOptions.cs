namespace ConflictClient.Conflicts;

/// <summary>Per-request settings of conflict resolution, carried in <see cref="HttpRequestMessage.Options"/>.</summary>
/// <remarks>
/// With Refit, pass them as method parameters marked <c>[Property(ConflictRequestOptions.BaseKey)]</c>.
/// </remarks>
public static class ConflictRequestOptions
{
    /// <summary>
    /// The key of the representation a write's change was based on: the base of a three-way merge. The value may be a
    /// <see cref="System.Text.Json.Nodes.JsonNode"/>, a <see cref="System.Text.Json.JsonElement"/>, JSON text, UTF-8
    /// JSON bytes, or any object (serialized with the merge's serializer options).
    /// </summary>
    public const string BaseKey = "ConflictClient.Base";

    /// <summary>Gets the typed key of <see cref="BaseKey"/>.</summary>
    public static HttpRequestOptionsKey<object?> Base { get; } = new(BaseKey);

    /// <summary>The key of a <see cref="bool"/>: <see langword="true"/> makes this write create-only (<c>If-None-Match: *</c>), so it never overwrites.</summary>
    public const string CreateOnlyKey = "ConflictClient.CreateOnly";

    /// <summary>Gets the typed key of <see cref="CreateOnlyKey"/>.</summary>
    public static HttpRequestOptionsKey<bool> CreateOnly { get; } = new(CreateOnlyKey);

    /// <summary>The key of a <see cref="Conflicts.DuplicatePolicy"/> for this write, overriding the client's.</summary>
    public const string DuplicatePolicyKey = "ConflictClient.DuplicatePolicy";

    /// <summary>Gets the typed key of <see cref="DuplicatePolicyKey"/>.</summary>
    public static HttpRequestOptionsKey<DuplicatePolicy> DuplicatePolicy { get; } = new(DuplicatePolicyKey);

    /// <summary>Sets the representation <paramref name="request"/>'s change was based on.</summary>
    /// <param name="request">The write.</param>
    /// <param name="baseRepresentation">The base, as described for <see cref="BaseKey"/>.</param>
    public static void SetConflictBase(this HttpRequestMessage request, object? baseRepresentation)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(Base, baseRepresentation);
    }
}
