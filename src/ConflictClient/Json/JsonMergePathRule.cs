namespace ConflictClient.Json;

/// <summary>
/// How a three-way merge treats the values at one path. Created by <see cref="JsonMergeOptions.At(string)"/>; each method
/// returns the rule, so calls chain: <c>options.At("/items").MergeByKey("id")</c>.
/// </summary>
public sealed class JsonMergePathRule
{
    internal JsonMergePathRule(string path, IReadOnlyList<string> segments)
    {
        Path = path;
        Segments = segments;
    }

    /// <summary>Gets the path as written: a JSON Pointer whose <c>*</c> segments match any member name or array index.</summary>
    public string Path { get; }

    internal IReadOnlyList<string> Segments { get; }

    internal int Wildcards => Segments.Count(s => s == JsonMergeOptions.Wildcard);

    internal JsonConflictPolicy? Policy { get; private set; }

    internal JsonArrayMergeMode? ArrayMode { get; private set; }

    internal string? ArrayKey { get; private set; }

    /// <summary>Gets <see cref="ArrayKey"/> in UTF-8, encoded once, for matching items on the document's bytes.</summary>
    internal byte[]? ArrayKeyUtf8 { get; private set; }

    internal bool IsAtomic { get; private set; }

    internal bool IsAlwaysRemote { get; private set; }

    internal Func<JsonMergeConflict, JsonMergeResolution>? Resolver { get; private set; }

    /// <summary>Conflicts here keep my value.</summary>
    /// <returns>The rule.</returns>
    public JsonMergePathRule PreferLocal() => WithPolicy(JsonConflictPolicy.PreferLocal);

    /// <summary>Conflicts here keep the server's value.</summary>
    /// <returns>The rule.</returns>
    public JsonMergePathRule PreferRemote() => WithPolicy(JsonConflictPolicy.PreferRemote);

    /// <summary>Conflicts here fail the merge.</summary>
    /// <returns>The rule.</returns>
    public JsonMergePathRule Fail() => WithPolicy(JsonConflictPolicy.Fail);

    /// <summary>Numbers here combine: <c>remote + (local - base)</c> (counters).</summary>
    /// <returns>The rule.</returns>
    public JsonMergePathRule Additive() => WithPolicy(JsonConflictPolicy.Additive);

    /// <summary>The array here holds objects matched by <paramref name="keyProperty"/> (see <see cref="JsonArrayMergeMode.MergeByKey"/>).</summary>
    /// <param name="keyProperty">The name of the key member, such as <c>id</c>.</param>
    /// <returns>The rule.</returns>
    public JsonMergePathRule MergeByKey(string keyProperty)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyProperty);
        ArrayMode = JsonArrayMergeMode.MergeByKey;
        ArrayKey = keyProperty;
        ArrayKeyUtf8 = System.Text.Encoding.UTF8.GetBytes(keyProperty);
        return this;
    }

    /// <summary>The array here is a set of primitives (see <see cref="JsonArrayMergeMode.SetUnion"/>).</summary>
    /// <returns>The rule.</returns>
    public JsonMergePathRule AsSet()
    {
        ArrayMode = JsonArrayMergeMode.SetUnion;
        (ArrayKey, ArrayKeyUtf8) = (null, null);
        return this;
    }

    /// <summary>
    /// The server's value here, always, whatever either side did: for server-managed fields (a version, a timestamp,
    /// <c>metadata.managedFields</c>), which a client never changes on purpose and which never make a conflict.
    /// </summary>
    /// <returns>The rule.</returns>
    public JsonMergePathRule AlwaysRemote()
    {
        IsAlwaysRemote = true;
        return this;
    }

    /// <summary>A copy of this rule, for options derived from others (see <see cref="JsonMergeOptions.With(IEnumerable{string})"/>).</summary>
    internal JsonMergePathRule Clone() => (JsonMergePathRule)MemberwiseClone();

    /// <summary>The value here is one value, even an object or array: it is never merged member by member.</summary>
    /// <returns>The rule.</returns>
    public JsonMergePathRule AsAtomic()
    {
        IsAtomic = true;
        ArrayMode = JsonArrayMergeMode.Atomic;
        return this;
    }

    /// <summary>Conflicts here are settled by <paramref name="resolver"/>, which sees the path and the three values.</summary>
    /// <param name="resolver">Returns local, remote, a value of its own, remove, or unresolved.</param>
    /// <returns>The rule.</returns>
    public JsonMergePathRule Resolve(Func<JsonMergeConflict, JsonMergeResolution> resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        Resolver = resolver;
        return this;
    }

    private JsonMergePathRule WithPolicy(JsonConflictPolicy policy)
    {
        Policy = policy;
        return this;
    }
}
