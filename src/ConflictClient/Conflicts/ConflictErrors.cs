using System.Net;
using System.Text.Json;
using ConflictClient.Http;
using ConflictClient.Json;
using ConflictClient.Merging;
using ConflictClient.Reporting;

namespace ConflictClient.Conflicts;

/// <summary>Builds every <see cref="ConflictException"/>: each message says what happened and what to change.</summary>
internal static class ConflictErrors
{
    public static ConflictException AttemptsExhausted(ConflictCall call, ConflictResolutionStrategyOptions options, TimeSpan? waitBeyondBudget = null) => waitBeyondBudget is { } wait
        ? Create(
            call,
            ConflictFailureReason.AttemptsExhausted,
            $"{call.Describe()} met a conflict ({Status(call.LastStatus)}) whose Retry-After asks to wait {wait} before " +
            $"retrying, longer than what is left of MaxResolutionTime ({options.MaxResolutionTime}); so it was not retried, " +
            "and was not applied. The server's current state is in RemoteContent. Retry later, or raise MaxResolutionTime.")
        : Create(
        call,
        ConflictFailureReason.AttemptsExhausted,
        $"{call.Describe()} met a conflict ({Status(call.LastStatus)}) on all {call.Attempts} attempts" +
        (call.Attempts < options.MaxAttempts ? $" within MaxResolutionTime ({options.MaxResolutionTime})" : string.Empty) +
        " and was not applied. The server's current state is in RemoteContent. Other writers keep changing this " +
        $"resource: raise ConflictResolutionStrategyOptions.MaxAttempts (now {options.MaxAttempts}) or MaxResolutionTime, or write less often.");

    public static ConflictException MergeGaveUp(ConflictCall call, string? reason) => Create(
        call,
        ConflictFailureReason.MergeGaveUp,
        $"{call.Describe()} met a conflict ({Status(call.LastStatus)}) and the merge strategy gave up" +
        (string.IsNullOrWhiteSpace(reason) ? "." : $": {reason}.") +
        " Nothing was written. The server's current state is in RemoteContent; apply your change to it and write again.");

    public static ConflictException MergeFailed(ConflictCall call, Exception cause) => Create(
        call,
        ConflictFailureReason.MergeFailed,
        $"{call.Describe()} met a conflict and the merge strategy threw {cause.GetType().Name}: {cause.Message} " +
        "Nothing was written. Fix the merge delegate in ConflictResolutionStrategyOptions.MergeStrategy; the server's state is in RemoteContent.",
        cause);

    public static ConflictException MergeUnresolved(ConflictCall call, IReadOnlyList<JsonMergeConflict> conflicts, bool hasBase, string? detail = null) => Create(
        call,
        ConflictFailureReason.MergeUnresolved,
        $"{call.Describe()} met a conflict and the three-way merge left {conflicts.Count} path(s) changed differently on both sides" +
        (hasBase ? string.Empty : " (no base was known, so every difference counts)") +
        (detail is null ? string.Empty : $" (the patch no longer applies: {detail})") +
        $": {string.Join(", ", conflicts.Select(c => c.Path.Length == 0 ? "(the whole document)" : c.Path))}. Nothing was written. " +
        "MergeConflicts holds the base, local and remote values; settle these paths with a rule " +
        "(options.At(path).PreferLocal()/PreferRemote()/Additive()/Resolve(...)) or a DefaultPolicy, or apply your change again.",
        mergeConflicts: conflicts);

    public static DuplicateResourceException Duplicate(ConflictCall call, Uri? existing)
    {
        var said = call.LastProblem?.Detail ?? call.LastProblem?.Title;
        return new DuplicateResourceException(
            $"{call.Describe()} was refused with {Status(call.LastStatus)}: the resource exists already" +
            (existing is null ? string.Empty : $" at {HttpOrigin.Redact(existing)}") + (said is null ? "." : $" ({said}).") +
            " Nothing was created. Set ConflictResolutionStrategyOptions.DuplicatePolicy to AdoptExisting (get-or-create) or " +
            "MergeIntoExisting, or create the resource under another identity.")
        {
            Reason = ConflictFailureReason.Duplicate,
            StatusCode = call.LastStatus,
            Method = call.Method,
            RequestUri = call.RequestUri,
            Attempts = call.Attempts,
            Problem = call.LastProblem,
            ErrorCode = call.LastError.Code,
            ErrorMessage = call.LastError.Message ?? said,
            ExistingLocation = existing,
            ServerMessage = said,
        };
    }

    public static ConflictException ExistingResourceUnknown(ConflictCall call, DuplicatePolicy policy) => Create(
        call,
        ConflictFailureReason.Duplicate,
        $"{call.Describe()} met an existing resource, but neither the Location header nor the problem details say where it " +
        $"is, so DuplicatePolicy.{policy} cannot fetch it. Nothing was created. Set ConflictResolutionStrategyOptions.ExistingResourceLocator.");

    public static ConflictException BusinessRule(ConflictCall call) => Create(
        call,
        ConflictFailureReason.BusinessRule,
        $"{call.Describe()} was refused by a rule of the server ({Status(call.LastStatus)}" +
        (call.LastProblem?.Title is { } title ? $": {title}" : string.Empty) + "). It was sent once and is not retried, " +
        "because merging cannot change what the rule says; Problem holds the server's explanation. If this is in fact a " +
        "version conflict or a duplicate, add a ConflictRule to ConflictResolutionStrategyOptions.ConflictRules.");

    public static ConflictException Unclassified(ConflictCall call, bool conditional) => Create(
        call,
        ConflictFailureReason.Unclassified,
        $"{call.Describe()} was refused with {Status(call.LastStatus)}, and nothing tells whether that is a version " +
        "conflict, a duplicate or a business rule " +
        (conditional
            ? "(the server sent no problem details that say). "
            : "(the write carried no version, so it cannot have met a version conflict, and no version is added to it). ") +
        "It was not applied and is not retried. Send the write with If-Match (or its body version), or add a ConflictRule.");

    public static ConflictException OutcomeUnknown(ConflictCall call, Exception? cause, bool resentAndSucceeded = false) => Create(
        call,
        ConflictFailureReason.OutcomeUnknown,
        (resentAndSucceeded
            ? $"{call.Describe()} was sent again by a transient retry and the resend succeeded ({Status(call.LastStatus)}), but the first send may have been applied too: the write may have been applied twice "
            : $"{call.Describe()}: a send of this write may have been applied, and nothing proves whether it was ") +
        (resentAndSucceeded ? string.Empty
            : cause is ConflictException ? $"(then: {cause.Message}) "
            : cause is OperationCanceledException ? "(the caller cancelled while a send of it was in flight) "
            : cause is not null ? $"(a send failed after it went out: {cause.GetType().Name}: {cause.Message}) "
            : $"(a resend met {Status(call.LastStatus)}, which may answer the write's own first send) ") +
        "The write was not merged or sent again, since that could apply it twice. Read the resource (RemoteContent holds " +
        "its current state when it could be read) to see whether your change is there. Sending an Idempotency-Key with " +
        "the write (ConflictResolutionStrategyOptions.GenerateIdempotencyKeys) lets the server answer a resend instead.",
        cause);

    public static ConflictException SendFailed(ConflictCall call, Exception cause) => Create(
        call,
        ConflictFailureReason.SendFailed,
        $"{call.Describe()} could not be sent ({cause.GetType().Name}: {cause.Message}); none of it reached the server, so " +
        "it was not applied. Retry it, or chain AddStandardResilienceHandler after AddConflictResolution to retry transient failures.",
        cause);

    public static ConflictException MergedNull(ConflictCall call) => Create(
        call,
        ConflictFailureReason.MergeFailed,
        $"{call.Describe()} met a conflict and the merge returned null as the merged value, which would send the body " +
        "'null'. Nothing was written. Return args.Merged(value) with a value, args.AcceptRemote() to keep the server's " +
        "state, or args.GiveUp(reason).");

    public static ConflictException RefetchTransportFailed(ConflictCall call, Uri refetchUri, Exception cause) => Create(
        call,
        ConflictFailureReason.RefetchFailed,
        $"{call.Describe()} met a conflict, and fetching the current state (GET {HttpOrigin.Redact(refetchUri)}) failed: " +
        $"{cause.GetType().Name}: {cause.Message} The write was not applied. Retry it later; transient failures of the " +
        "re-fetch are retried by a resilience handler chained after AddConflictResolution.",
        cause);

    public static ConflictException RefetchRedirected(ConflictCall call, Uri refetchUri, Uri landed) => Create(
        call,
        ConflictFailureReason.CrossOriginRefetch,
        $"{call.Describe()} met a conflict, and fetching the current state (GET {HttpOrigin.Redact(refetchUri)}) was " +
        $"redirected to another origin ({HttpOrigin.Authority(landed)}); that state was not used and the write was not applied. " +
        "Turn off automatic redirects on this client's primary handler so a re-fetch's credentials never leave its origin, " +
        "or point ConflictResolutionStrategyOptions.ResourceLocator at where the resource lives.");

    public static ConflictException PreconditionRequiredAgain(ConflictCall call) => Create(
        call,
        ConflictFailureReason.PreconditionRequired,
        $"{call.Describe()} was answered 428 Precondition Required again after it was re-sent with the current version. " +
        "The server wants a precondition this client does not send: check the VersionSource (ETag vs a body version) " +
        "and whether the server expects If-Match, If-Unmodified-Since or If-None-Match.");

    public static ConflictException IdempotencyKeyReused(ConflictCall call, string? key) => Create(
        call,
        ConflictFailureReason.IdempotencyKeyReused,
        $"{call.Describe()} was refused with {Status(call.LastStatus)}: its Idempotency-Key {key} was used before with " +
        "another payload. Nothing was written. Send a new key for a new request; reuse a key only to retry the same request.");

    public static ConflictException InFlightExhausted(ConflictCall call, int maxAttempts, bool withIdempotencyKey, TimeSpan? waitBeyondBudget = null) => withIdempotencyKey
        ? Create(
            call,
            ConflictFailureReason.OutcomeUnknown,
            $"{call.Describe()} was answered \"still being processed\" ({Status(call.LastStatus)}) " +
            (waitBeyondBudget is { } wait ? $"with a Retry-After of {wait}, beyond what is left of MaxResolutionTime, after {call.Attempts} attempt(s). " : $"on all {call.Attempts} attempts. ") +
            $"The first request with this Idempotency-Key has not finished; its outcome is unknown. Raise MaxAttempts (now " +
            $"{maxAttempts}) or MaxRetryAfter, or retry later with the same key.")
        : Create(
            call,
            ConflictFailureReason.AttemptsExhausted,
            $"{call.Describe()} was answered \"busy, try again\" ({Status(call.LastStatus)}) " +
            (waitBeyondBudget is { } busyWait ? $"with a Retry-After of {busyWait}, beyond what is left of MaxResolutionTime, after {call.Attempts} attempt(s), and was not " : $"on all {call.Attempts} attempts and was not ") +
            $"applied. Raise MaxAttempts (now {maxAttempts}) or MaxResolutionTime, or retry later.");

    public static ConflictException CanceledAfterApplied(ConflictCall call, OperationCanceledException cause) => Create(
        call,
        ConflictFailureReason.CanceledAfterApplied,
        $"{call.Describe()} was applied ({Status(call.LastStatus)}), but the caller cancelled before it was handed the answer. " +
        "Do not send it again: the change is on the server. RemoteContent holds the state it wrote, when that is known.",
        cause);

    public static ConflictException VersionTokenMissing(ConflictCall call, string where, string hint) => Create(
        call,
        ConflictFailureReason.VersionTokenMissing,
        $"{call.Describe()} met a conflict, but the current representation has no version token ({where}), so the write " +
        $"cannot be retried conditionally and was not applied. {hint}");

    public static ConflictException InvalidRepresentation(ConflictCall call, string which, JsonException cause) => Create(
        call,
        ConflictFailureReason.InvalidRepresentation,
        $"{call.Describe()}: {which} is not valid JSON ({cause.Message}), so it cannot be merged or carry a body version. " +
        "Nothing was written. Check the server's response, or use MergeStrategy.ClientWins with VersionSource.ETag, which need no JSON.",
        cause);

    public static ConflictException InvalidPatch(ConflictCall call, string reason) => Create(
        call,
        ConflictFailureReason.InvalidRepresentation,
        $"{call.Describe()} met a conflict, but its body is not a patch that can be read ({reason}), so it cannot be rebased " +
        "onto the server's state. Nothing more was written. Send a valid JSON Patch (RFC 6902) or JSON Merge Patch (RFC 7396).");

    public static ConflictException PatchFormatUnknown(ConflictCall call, string? mediaType) => Create(
        call,
        ConflictFailureReason.MergeUnresolved,
        $"{call.Describe()} met a conflict, but its PATCH body is in {mediaType ?? "no media type"}, which is neither JSON Patch " +
        "(application/json-patch+json) nor JSON Merge Patch (application/merge-patch+json), so the three-way merge cannot tell " +
        "what it changes. Nothing more was written. Send the patch in one of those formats, or use ClientWins, ServerWins or a custom merge.");

    public static ConflictException NotJsonObject(ConflictCall call, string which, string pointer) => Create(
        call,
        ConflictFailureReason.InvalidRepresentation,
        $"{call.Describe()}: {which} is not a JSON object, so the version cannot be written at '{pointer}'. " +
        "Body versions need a JSON object body; use VersionSource.ETag for other bodies.");

    public static ConflictException RequestBodyTooLarge(ConflictCall call, int maxBodySize) => Create(
        call,
        ConflictFailureReason.BodyTooLarge,
        $"{call.Describe()} was not sent: its body is larger than MaxBodySize ({maxBodySize} bytes), and a guarded write " +
        "keeps its body in memory to re-send it after a conflict. Raise ConflictResolutionStrategyOptions.MaxBodySize or send a smaller body.");

    public static ConflictException RemoteBodyTooLarge(ConflictCall call, int maxBodySize) => Create(
        call,
        ConflictFailureReason.BodyTooLarge,
        $"{call.Describe()} met a conflict, but the server's current representation is larger than MaxBodySize " +
        $"({maxBodySize} bytes), so it was not read and the write was not applied. Raise ConflictResolutionStrategyOptions.MaxBodySize.");

    public static ConflictException RefetchFailed(ConflictCall call, Uri refetchUri, HttpStatusCode status) => Create(
        call,
        ConflictFailureReason.RefetchFailed,
        $"{call.Describe()} met a conflict, and fetching the current state (GET {HttpOrigin.Redact(refetchUri)}) answered " +
        $"{Status(status)}" + (status is HttpStatusCode.NotFound or HttpStatusCode.Gone ? ": the resource is gone, probably deleted by another writer" : string.Empty) +
        ". The write was not applied. If the resource lives elsewhere, set ConflictResolutionStrategyOptions.ResourceLocator.",
        statusOverride: status);

    public static ConflictException CrossOriginRefetch(ConflictCall call, Uri refetchUri) => Create(
        call,
        ConflictFailureReason.CrossOriginRefetch,
        $"{call.Describe()} was not sent: ResourceLocator points the re-fetch at {HttpOrigin.Authority(refetchUri)}, " +
        "another origin, and a re-fetch carries the write's headers (credentials included). " +
        "Return a URI on the write's own scheme, host and port.");

    private static ConflictException Create(
        ConflictCall call,
        ConflictFailureReason reason,
        string message,
        Exception? inner = null,
        HttpStatusCode? statusOverride = null,
        IReadOnlyList<JsonMergeConflict>? mergeConflicts = null) =>
        new(message, inner)
        {
            Reason = reason,
            StatusCode = statusOverride ?? call.LastStatus,
            Method = call.Method,
            RequestUri = call.RequestUri,
            Attempts = call.Attempts,
            RemoteContent = call.LastRemote?.Text,
            RemoteValue = call.LastRemoteValue,
            RemoteVersion = call.LastRemoteVersion,
            Problem = call.LastProblem,
            ErrorCode = call.LastError.Code,
            ErrorMessage = call.LastError.Message ?? call.LastProblem?.Detail ?? call.LastProblem?.Title,
            MergeConflicts = mergeConflicts ?? [],
            Report = call.Report.Create(ReportHeadlines.For(reason, call.LastError.Message ?? call.LastProblem?.Detail), resolved: false, outcomeKnown: reason != ConflictFailureReason.OutcomeUnknown),
        };

    private static string Status(HttpStatusCode? status) => status is { } code ? $"{(int)code} {code}" : "no response";
}
