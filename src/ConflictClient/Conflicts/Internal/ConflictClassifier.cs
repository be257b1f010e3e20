using System.Net;
using System.Text;

namespace ConflictClient.Conflicts;

/// <summary>
/// Tells what a conflict-like response means, in one place and one documented order: the application's rules first;
/// then what the request carried (a version, create-only, an Idempotency-Key); then the server's words, read from its
/// error vocabulary (codes split into words, so <c>TableBeingDeleted</c> reads "table being deleted"), never from markup.
/// Where the words cannot settle a versioned write's refusal, the verdict asks for the evidence: the probe compares the
/// resource's current version with the one the write carried.
/// </summary>
/// <remarks>
/// The defaults, in order (README's decision table):
/// <list type="number">
/// <item>428: <see cref="ConflictKind.PreconditionRequired"/>.</item>
/// <item>An Idempotency-Key reused with another request: <see cref="ConflictKind.IdempotencyKeyReused"/>; still in
/// progress (or nothing said, with Retry-After): <see cref="ConflictKind.InFlight"/>.</item>
/// <item>A lease or lock held by someone else: <see cref="ConflictKind.BusinessRule"/>, never retried blindly.</item>
/// <item>A versioned write: words of versions, or nothing but "conflict": a <see cref="ConflictKind.VersionConflict"/>;
/// a lost race or "try again": a version conflict if the version moved, else the same request again
/// (<see cref="ConflictKind.InFlight"/>); busy: <see cref="ConflictKind.InFlight"/>; existence:
/// <see cref="ConflictKind.Duplicate"/>; anything else: a version conflict if the version moved, else a
/// <see cref="ConflictKind.BusinessRule"/>.</item>
/// <item>A create-only write: busy is <see cref="ConflictKind.InFlight"/>; existence, versions or nothing said
/// <see cref="ConflictKind.Duplicate"/>; anything else <see cref="ConflictKind.BusinessRule"/>.</item>
/// <item>Any other write: a lost race is <see cref="ConflictKind.Contention"/>; busy <see cref="ConflictKind.InFlight"/>;
/// existence <see cref="ConflictKind.Duplicate"/>; a demand for a version <see cref="ConflictKind.PreconditionRequired"/>;
/// nothing but "conflict" to a create <see cref="ConflictKind.Duplicate"/>; words of versions, or a 412,
/// <see cref="ConflictKind.Unknown"/>; anything else said <see cref="ConflictKind.BusinessRule"/>.</item>
/// </list>
/// Whatever decided, a write that carried no version is never a <see cref="ConflictKind.VersionConflict"/>.
/// </remarks>
internal static class ConflictClassifier
{
    public static ConflictKind Classify(in ConflictClassificationArguments args, IEnumerable<ConflictRule> rules) => Decide(args, rules).Kind;

    public static ConflictVerdict Decide(in ConflictClassificationArguments args, IEnumerable<ConflictRule> rules)
    {
        ConflictVerdict verdict = ClassifyByRules(args, rules) is { } kind ? kind : ClassifyByDefaults(args);

        // A write that carried no version cannot have met a version conflict, whatever a rule says: answering it as
        // one would add the server's current version to it and overwrite whatever is there.
        return verdict.Kind == ConflictKind.VersionConflict && !args.IsConditional ? ConflictKind.Unknown : verdict;
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

    private static ConflictVerdict ClassifyByDefaults(in ConflictClassificationArguments args)
    {
        if (args.StatusCode == (HttpStatusCode)428)
        {
            return ConflictKind.PreconditionRequired;
        }

        var said = Words(args);
        if ((Mentions(said, ["idempot"]) && Mentions(said, ConflictWords.KeyReused)) ||
            (args.HasIdempotencyKey && (args.StatusCode == HttpStatusCode.UnprocessableEntity || Mentions(said, ConflictWords.KeyReused))))
        {
            return ConflictKind.IdempotencyKeyReused;
        }

        if (args.HasIdempotencyKey && (Mentions(said, ConflictWords.KeyInFlight) || (said.Length == 0 && args.HasRetryAfter)))
        {
            return ConflictKind.InFlight;
        }

        var bare = said.Length == 0 || IsBareConflict(said);
        return args.IsConditional ? Versioned(args, said, bare)
            : args.IsCreateOnly ? CreateOnly(said, bare)
            : Unversioned(args, said, bare);
    }

    /// <summary>A write that carried a version: the probe settles whatever the words do not.</summary>
    private static ConflictVerdict Versioned(in ConflictClassificationArguments args, string said, bool bare)
    {
        // A lease or lock held by someone else: retrying with another version cannot take it.
        if (Mentions(said, ConflictWords.Held))
        {
            return ConflictKind.BusinessRule;
        }

        // Versions named, or nothing but "conflict" said: sure, even if the server adds "retry" (Google's ABORTED for a
        // stale etag), since re-sending the same stale version could only fail again.
        if (bare || Mentions(said, ConflictWords.Version))
        {
            return ConflictKind.VersionConflict;
        }

        if (Mentions(said, ConflictWords.Contention) || Mentions(said, ConflictWords.TryAgain))
        {
            return new ConflictVerdict(ConflictKind.VersionConflict, IfUnchanged: ConflictKind.InFlight);
        }

        if (Mentions(said, ConflictWords.Busy))
        {
            return ConflictKind.InFlight;
        }

        if (Mentions(said, ConflictWords.Existence) && !args.IsCreateOnly)
        {
            return ConflictKind.Duplicate;
        }

        // Words outside the lists ("resource changed on the server"): the version tells.
        return new ConflictVerdict(ConflictKind.VersionConflict, IfUnchanged: ConflictKind.BusinessRule);
    }

    /// <summary>The only condition of a create-only write is "absent": its condition failing means the resource exists.</summary>
    private static ConflictKind CreateOnly(string said, bool bare) =>
        Mentions(said, ConflictWords.Busy) || Mentions(said, ConflictWords.TryAgain) ? ConflictKind.InFlight
        : Mentions(said, ConflictWords.Held) ? ConflictKind.BusinessRule
        : bare || Mentions(said, ConflictWords.Version) || Mentions(said, ConflictWords.Existence) || Mentions(said, ["conflict"]) ? ConflictKind.Duplicate
        : ConflictKind.BusinessRule;

    private static ConflictKind Unversioned(in ConflictClassificationArguments args, string said, bool bare)
    {
        // Busy is said plainly ("in progress"); a lost race without it is run again from a fresh read.
        if (Mentions(said, ConflictWords.Busy))
        {
            return ConflictKind.InFlight;
        }

        if (Mentions(said, ConflictWords.Contention))
        {
            return ConflictKind.Contention;
        }

        if (Mentions(said, ConflictWords.TryAgain))
        {
            return ConflictKind.InFlight;
        }

        if (Mentions(said, ConflictWords.Held))
        {
            return ConflictKind.BusinessRule;
        }

        var versions = Mentions(said, ConflictWords.Version);
        if (Mentions(said, ConflictWords.Existence) && !versions)
        {
            return ConflictKind.Duplicate;
        }

        // A server that demands a version (Vault's "check-and-set parameter required") from a write that sent none.
        if (versions && Mentions(said, ConflictWords.Demand))
        {
            return ConflictKind.PreconditionRequired;
        }

        var isCreate = WriteRequests.EffectiveMethod(args.Request) == HttpMethod.Post;
        if (said.Length > 0 && bare && (isCreate || args.Request.Method == HttpMethod.Put))
        {
            return ConflictKind.Duplicate;
        }

        // Words of versions to a write that sent none: the server and the request disagree; nothing tells which is right.
        if (said.Length > 0)
        {
            return args.StatusCode == HttpStatusCode.PreconditionFailed || versions ? ConflictKind.Unknown : ConflictKind.BusinessRule;
        }

        return isCreate && args.StatusCode == HttpStatusCode.Conflict ? ConflictKind.Duplicate : ConflictKind.Unknown;
    }

    /// <summary>The server said only "conflict" (CouchDB's <c>{"error":"conflict"}</c>, Kubernetes' reason <c>Conflict</c>).</summary>
    private static bool IsBareConflict(string said) =>
        said.Contains("conflict", StringComparison.Ordinal) &&
        said.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(word => ConflictWords.BareConflict.Contains(word, StringComparer.Ordinal));

    /// <summary>The problem type and everything the server's error vocabulary holds, as lower-case words.</summary>
    private static string Words(in ConflictClassificationArguments args)
    {
        // A type naming the HTTP status's own RFC section (ASP.NET Core's default) says no more than "about:blank".
        var type = args.Problem?.Type is null or "about:blank" || IsStatusReference(args.Problem.Type) ? null : args.Problem.Type;
        var words = Normalize($"{type} {args.ServerError.Words}");
        return words.Length <= 2 ? string.Empty : words;
    }

    private static bool IsStatusReference(string type) =>
        type.StartsWith("https://tools.ietf.org/", StringComparison.OrdinalIgnoreCase) ||
        type.StartsWith("https://datatracker.ietf.org/", StringComparison.OrdinalIgnoreCase) ||
        type.StartsWith("https://www.rfc-editor.org/", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Lower-case words separated by single spaces: camelCase and PascalCase split, everything but letters and digits a
    /// separator (<c>ResourceGroupBeingDeleted</c>, <c>resource_group-being.deleted</c>: "resource group being deleted").
    /// </summary>
    internal static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length + 16);
        builder.Append(' ');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsLetterOrDigit(c))
            {
                if (builder[^1] != ' ')
                {
                    builder.Append(' ');
                }

                continue;
            }

            if (char.IsUpper(c) && i > 0 && (char.IsLower(text[i - 1]) || char.IsDigit(text[i - 1])) && builder[^1] != ' ')
            {
                builder.Append(' ');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString().TrimEnd() + " ";
    }

    /// <summary>Whether <paramref name="text"/> (normalized) has one of <paramref name="words"/> at the start of a word ("lease" is not in "please").</summary>
    private static bool Mentions(string text, string[] words) => text.Length > 0 && words.Any(w => text.Contains(" " + w, StringComparison.Ordinal));
}
