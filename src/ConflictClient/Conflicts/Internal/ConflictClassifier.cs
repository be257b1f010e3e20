using System.Net;
using System.Text;

namespace ConflictClient.Conflicts;

/// <summary>
/// Tells what a conflict-like response means, in one place and one documented order: the application's rules first;
/// then what the request carried (a version, create-only, an Idempotency-Key); then the server's words, read from its
/// error vocabulary (codes split into words, so <c>TableBeingDeleted</c> reads "table being deleted"), never from markup.
/// </summary>
/// <remarks>
/// The defaults, in order (README's classification table):
/// <list type="number">
/// <item>428: <see cref="ConflictKind.PreconditionRequired"/>.</item>
/// <item>A write with an Idempotency-Key: "in progress / in use / processing" (or nothing said, with Retry-After) is
/// <see cref="ConflictKind.InFlight"/>; 422, or "reused / different parameters", is <see cref="ConflictKind.IdempotencyKeyReused"/>.</item>
/// <item>The server is busy ("being deleted", "operation in progress", "contention", "aborted", "lock timeout"):
/// <see cref="ConflictKind.InFlight"/>, waited out and sent again unchanged.</item>
/// <item>A lease or lock held by someone else: <see cref="ConflictKind.BusinessRule"/>, never retried blindly.</item>
/// <item>Create-only (<c>If-None-Match: *</c>): <see cref="ConflictKind.Duplicate"/>.</item>
/// <item>A write that carried a version, and words of versions (or a bare "conflict", or nothing said):
/// <see cref="ConflictKind.VersionConflict"/>.</item>
/// <item>Words of existence ("already exists", "duplicate", "taken"), or a bare "conflict" to a create or an
/// unconditional PUT: <see cref="ConflictKind.Duplicate"/>.</item>
/// <item>Words of versions to a write that sent none, or anything said with a 412: <see cref="ConflictKind.Unknown"/>.
/// Anything else said: <see cref="ConflictKind.BusinessRule"/>. Nothing said: a POST's 409 is a
/// <see cref="ConflictKind.Duplicate"/>, anything else <see cref="ConflictKind.Unknown"/>.</item>
/// </list>
/// Whatever decided, a write that carried no version is never a <see cref="ConflictKind.VersionConflict"/>.
/// </remarks>
internal static class ConflictClassifier
{
    private static readonly string[] KeyInFlightWords = ["in progress", "being processed", "processing", "in use", "in flight", "currently another"];
    private static readonly string[] KeyReusedWords = ["reuse", "different parameters", "same parameters", "another payload", "different payload"];

    private static readonly string[] BusyWords =
    [
        "being deleted", "deprovisioning", "operation in progress", "another operation", "in progress", "ongoing", "contention",
        "aborted", "lock timeout", "retry with", "try again later", "please try again", "retry the request", "please wait",
        "wait briefly", "being processed", "already locked",
    ];

    private static readonly string[] HeldWords = ["lease", "locked"];

    private static readonly string[] VersionWords =
    [
        "version", "etag", "precondition", "pre condition", "condition not", "conditional", "condition specified",
        "condition failed", "concurren", "stale", "modified", "mismatch",
        "outdated", "revision", "if match", "seq no", "but expected", "update conflict", "changed since", "has changed",
        "check and set",
    ];

    private static readonly string[] DuplicateWords =
    [
        "duplicate", "already exist", "exists", "already been taken", "already taken", "already registered", "already in use",
        "already own", "already present", "unique", "name in use", "taken", "23505",
    ];

    /// <summary>Words left when a server said no more than "conflict" (CouchDB's <c>{"error":"conflict","reason":"Document update conflict."}</c>).</summary>
    private static readonly string[] BareConflictWords = ["conflict", "error", "document", "update", "occurred", "the"];

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

    private static ConflictKind ClassifyByDefaults(in ConflictClassificationArguments args)
    {
        if (args.StatusCode == (HttpStatusCode)428)
        {
            return ConflictKind.PreconditionRequired;
        }

        var said = Words(args);
        if (Mentions(said, ["idempot"]) && Mentions(said, KeyReusedWords) || (args.HasIdempotencyKey && (args.StatusCode == HttpStatusCode.UnprocessableEntity || Mentions(said, KeyReusedWords))))
        {
            return ConflictKind.IdempotencyKeyReused;
        }

        if (args.HasIdempotencyKey && (Mentions(said, KeyInFlightWords) || (said.Length == 0 && args.HasRetryAfter)))
        {
            return ConflictKind.InFlight;
        }

        var bare = said.Length == 0 || IsBareConflict(said);
        var versions = Mentions(said, VersionWords);

        // A write that sent a version and is told of versions met a version conflict, even if the server adds "retry"
        // (Google's ABORTED for a stale etag): re-sending the same stale version could only fail again.
        if (args.IsConditional && versions && !Mentions(said, HeldWords))
        {
            return ConflictKind.VersionConflict;
        }

        if (Mentions(said, BusyWords))
        {
            return ConflictKind.InFlight;
        }

        if (Mentions(said, HeldWords))
        {
            return ConflictKind.BusinessRule;
        }

        // A server that demands a version (Vault's "check-and-set parameter required") from a write that sent none.
        if (!args.IsConditional && !args.IsCreateOnly && versions && Mentions(said, ["required"]))
        {
            return ConflictKind.PreconditionRequired;
        }

        // The only condition of a create-only write is "absent": its condition failing means the resource exists.
        if (args.IsCreateOnly)
        {
            return bare || versions || Mentions(said, DuplicateWords) ? ConflictKind.Duplicate : ConflictKind.BusinessRule;
        }

        if (args.IsConditional && (bare || versions))
        {
            return ConflictKind.VersionConflict;
        }

        var isCreate = args.Request.Method == HttpMethod.Post;
        if (Mentions(said, DuplicateWords) || (said.Length > 0 && bare && (isCreate || args.Request.Method == HttpMethod.Put)))
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
        said.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(word => BareConflictWords.Contains(word, StringComparer.Ordinal));

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
