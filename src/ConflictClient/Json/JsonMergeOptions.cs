
namespace ConflictClient.Json;

/// <summary>
/// Options of the three-way JSON merge: the default conflict policy and array mode, and rules for particular paths.
/// </summary>
/// <remarks>
/// A rule's path is a JSON Pointer (RFC 6901) in which a segment that is exactly <c>*</c> matches any one member name
/// or array index: <c>/items/*/price</c>, <c>/counters/*</c>. When several rules match a path, the one with the fewest
/// wildcards wins, so <c>/counters/total</c> overrides <c>/counters/*</c>. (A member literally named <c>*</c> can only
/// be addressed through a wildcard.)
/// </remarks>
public class JsonMergeOptions
{
    internal const string Wildcard = "*";

    private readonly List<JsonMergePathRule> _rules = [];

    /// <summary>Gets or sets how conflicts are settled where no rule says otherwise.</summary>
    /// <value>The default value is <see cref="JsonConflictPolicy.Fail"/>: nothing is overwritten silently.</value>
    public JsonConflictPolicy DefaultPolicy { get; set; } = JsonConflictPolicy.Fail;

    /// <summary>Gets or sets how arrays are merged where no rule says otherwise.</summary>
    /// <value>The default value is <see cref="JsonArrayMergeMode.Atomic"/>. <see cref="JsonArrayMergeMode.MergeByKey"/> needs a rule naming the key.</value>
    public JsonArrayMergeMode DefaultArrayMode { get; set; } = JsonArrayMergeMode.Atomic;

    /// <summary>Gets or sets what a member the base has and the local document lacks means.</summary>
    /// <value>
    /// The default value is <see cref="JsonLocalAbsence.NotModeled"/>: a caller's type rarely models every member a
    /// server adds, and reading its absence as a deletion would drop (or conflict on) fields the caller never had.
    /// </value>
    public JsonLocalAbsence LocalAbsence { get; set; } = JsonLocalAbsence.NotModeled;

    /// <summary>Gets the path rules, in the order they were added.</summary>
    public IReadOnlyList<JsonMergePathRule> Rules => _rules;

    /// <summary>
    /// A copy of these options in which each of <paramref name="alwaysRemotePaths"/> takes the server's value
    /// (<see cref="JsonMergePathRule.AlwaysRemote"/>); these options are left as they are.
    /// </summary>
    /// <param name="alwaysRemotePaths">JSON Pointers, <c>*</c> segments matching any member or index.</param>
    /// <returns>The copy.</returns>
    public JsonMergeOptions With(IEnumerable<string> alwaysRemotePaths)
    {
        ArgumentNullException.ThrowIfNull(alwaysRemotePaths);
        var copy = new JsonMergeOptions { DefaultPolicy = DefaultPolicy, DefaultArrayMode = DefaultArrayMode, LocalAbsence = LocalAbsence };
        copy._rules.AddRange(_rules.Select(r => r.Clone()));
        foreach (var path in alwaysRemotePaths)
        {
            copy.At(path).AlwaysRemote();
        }

        return copy;
    }

    /// <summary>Adds (or returns) the rule for <paramref name="path"/>.</summary>
    /// <param name="path">A JSON Pointer, <c>*</c> segments matching any member or index; <c>""</c> is the whole document.</param>
    /// <returns>The rule, to configure.</returns>
    /// <exception cref="ArgumentException">The path is not a JSON Pointer.</exception>
    public JsonMergePathRule At(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (_rules.Find(r => r.Path == path) is { } existing)
        {
            return existing;
        }

        IReadOnlyList<string> segments = [];
        if (path.Length > 0)
        {
            if (!JsonPointer.TryParse(path, out var pointer, out var error))
            {
                throw new ArgumentException($"The merge rule path is not a JSON Pointer: {error}.", nameof(path));
            }

            segments = pointer.Segments;
        }

        var rule = new JsonMergePathRule(path, segments);
        _rules.Add(rule);
        return rule;
    }
}
