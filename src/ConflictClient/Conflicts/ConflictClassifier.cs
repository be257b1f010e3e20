using System.Net;

namespace ConflictClient.Conflicts;

/// <summary>
/// Tells what a conflict-like response means, in one place: the application's rules first, then the defaults, which
/// read the method, the request's preconditions, the status, and the problem details' type, title and error code.
/// </summary>
internal static class ConflictClassifier
{
    private static readonly string[] InFlightWords = ["idempot", "in progress", "in-progress", "processing", "being processed", "in flight", "in-flight"];
    private static readonly string[] VersionWords = ["version", "etag", "precondition", "concurren", "stale", "modified", "mismatch", "outdated", "revision", "if-match"];
    private static readonly string[] DuplicateWords = ["duplicate", "already", "exists", "taken", "unique", "in use"];

    public static ConflictKind Classify(in ConflictClassificationArguments args, IEnumerable<ConflictRule> rules)
    {
        var kind = ClassifyByRules(args, rules) ?? ClassifyByDefaults(args);

        // A write that carried no version cannot have met a version conflict, whatever a rule says: answering it as
        // one would add the server's current version to it and overwrite whatever is there.
        return kind == ConflictKind.VersionConflict && !args.IsConditional ? ConflictKind.Unknown : kind;
    }

    private static ConflictKind? ClassifyByRules(in ConflictClassificationArguments args, IEnumerable<ConflictRule> rules)
    {
        foreach (var rule in rules)
        {
            if (rule.Matches(args))
            {
                return rule.Kind;
            }
        }

        return null;
    }

    private static ConflictKind ClassifyByDefaults(in ConflictClassificationArguments args) => args.StatusCode switch
    {
        (HttpStatusCode)428 => ConflictKind.PreconditionRequired,
        HttpStatusCode.UnprocessableEntity => args.HasIdempotencyKey ? ConflictKind.IdempotencyKeyReused : ConflictKind.Unknown,
        HttpStatusCode.PreconditionFailed => ClassifyPreconditionFailed(args),
        HttpStatusCode.Conflict => ClassifyConflict(args),

        // Any other status reached here because the application's ShouldHandle asked for it.
        _ => ConflictKind.VersionConflict,
    };

    /// <summary>412: create-only means "exists"; a version sent means "changed"; no precondition sent means neither.</summary>
    private static ConflictKind ClassifyPreconditionFailed(in ConflictClassificationArguments args) =>
        args.IsCreateOnly ? ConflictKind.Duplicate
        : args.IsConditional ? ConflictKind.VersionConflict
        : Mentions(Describe(args), DuplicateWords) ? ConflictKind.Duplicate
        : ConflictKind.Unknown;

    private static ConflictKind ClassifyConflict(in ConflictClassificationArguments args)
    {
        var said = Describe(args);
        if (args.HasIdempotencyKey && (Mentions(said, InFlightWords) || (said.Length == 0 && args.HasRetryAfter)))
        {
            return ConflictKind.InFlight;
        }

        if (Mentions(said, VersionWords))
        {
            return args.IsConditional ? ConflictKind.VersionConflict : ConflictKind.Unknown;
        }

        if (args.IsCreateOnly || Mentions(said, DuplicateWords))
        {
            return ConflictKind.Duplicate;
        }

        // The server explained itself, and not in terms of versions or duplicates: a rule of its own refused the write.
        if (said.Length > 0)
        {
            return ConflictKind.BusinessRule;
        }

        return args.Request.Method == HttpMethod.Post ? ConflictKind.Duplicate
            : args.IsConditional ? ConflictKind.VersionConflict
            : ConflictKind.Unknown;
    }

    /// <summary>The problem's type, title and error code, lower-cased; empty when they say nothing beyond "Conflict".</summary>
    private static string Describe(in ConflictClassificationArguments args)
    {
        var problem = args.Problem;
        if (problem is null)
        {
            return string.Empty;
        }

        var type = problem.Type is null or "about:blank" ? null : problem.Type;
        var title = string.Equals(problem.Title, "Conflict", StringComparison.OrdinalIgnoreCase) ? null : problem.Title;
        return string.Join(' ', new[] { type, title, args.ErrorCode }.Where(s => !string.IsNullOrWhiteSpace(s))).ToLowerInvariant();
    }

    private static bool Mentions(string text, string[] words) => text.Length > 0 && words.Any(w => text.Contains(w, StringComparison.Ordinal));
}
