namespace ConflictClient.Conflicts;

/// <summary>
/// A classification rule of my own, checked before the defaults, in the order added to
/// <see cref="ConflictResolutionStrategyOptions.ConflictRules"/>: the first that matches decides.
/// </summary>
public sealed class ConflictRule
{
    private readonly Func<ConflictClassificationArguments, bool> _matches;

    private ConflictRule(Func<ConflictClassificationArguments, bool> matches, ConflictKind kind, string description)
    {
        if (kind == ConflictKind.None || !Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, $"A ConflictRule must say what the response means: one of {string.Join(", ", Enum.GetNames<ConflictKind>().Skip(1))}.");
        }

        _matches = matches;
        Kind = kind;
        Description = description;
    }

    /// <summary>Gets what a matching response means.</summary>
    public ConflictKind Kind { get; }

    /// <summary>Gets what the rule matches, for messages.</summary>
    public string Description { get; }

    /// <summary>Responses whose problem details carry this error code (<c>code</c>, <c>errorCode</c>, <c>error_code</c> or <c>error</c>).</summary>
    /// <param name="code">The code, compared ordinally ignoring case, such as <c>EMAIL_TAKEN</c>.</param>
    /// <param name="kind">What it means.</param>
    /// <returns>The rule.</returns>
    public static ConflictRule ForErrorCode(string code, ConflictKind kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        return new(args => string.Equals(args.ErrorCode, code, StringComparison.OrdinalIgnoreCase), kind, $"error code {code}");
    }

    /// <summary>Responses whose problem details have this <c>type</c>.</summary>
    /// <param name="type">The problem type URI.</param>
    /// <param name="kind">What it means.</param>
    /// <returns>The rule.</returns>
    public static ConflictRule ForProblemType(string type, ConflictKind kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        return new(args => string.Equals(args.Problem?.Type, type, StringComparison.Ordinal), kind, $"problem type {type}");
    }

    /// <summary>Responses <paramref name="predicate"/> accepts.</summary>
    /// <param name="predicate">Sees the request, status and problem details.</param>
    /// <param name="kind">What they mean.</param>
    /// <returns>The rule.</returns>
    public static ConflictRule When(Func<ConflictClassificationArguments, bool> predicate, ConflictKind kind)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new(predicate, kind, "a rule of the application");
    }

    internal bool Matches(in ConflictClassificationArguments args) => _matches(args);
}
