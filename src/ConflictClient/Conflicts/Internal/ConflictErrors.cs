using System.Net;
using System.Text.Json;
using ConflictClient.Http;
using ConflictClient.Json;
using ConflictClient.Reporting;

namespace ConflictClient.Conflicts;

/// <summary>Builds every <see cref="ConflictException"/>: each message says what happened and what to change.</summary>
internal static partial class ConflictErrors
{
    public static ConflictException AttemptsExhausted(WriteProgress write, ConflictResolutionStrategyOptions options, TimeSpan? waitBeyondBudget = null) => waitBeyondBudget is { } wait
        ? Create(
            write,
            ConflictFailureReason.AttemptsExhausted,
            $"{write.Describe()} met a conflict ({Status(write.Answer?.Status)}) whose Retry-After asks to wait {wait} before " +
            $"retrying, longer than what is left of Retry.MaxResolutionTime ({options.Retry.MaxResolutionTime}); so it was not retried, " +
            "and was not applied. The server's current state is in RemoteContent. Retry later, or raise Retry.MaxResolutionTime.")
        : Create(
        write,
        ConflictFailureReason.AttemptsExhausted,
        $"{write.Describe()} met a conflict ({Status(write.Answer?.Status)}) on all {write.Attempts} attempts" +
        (write.Attempts < options.Retry.MaxAttempts ? $" within Retry.MaxResolutionTime ({options.Retry.MaxResolutionTime})" : string.Empty) +
        " and was not applied. The server's current state is in RemoteContent. Other writers keep changing this " +
        $"resource: raise ConflictResolutionStrategyOptions.Retry.MaxAttempts (now {options.Retry.MaxAttempts}) or MaxResolutionTime, or write less often.");

    public static ConflictException MergeGaveUp(WriteProgress write, string? reason) => Create(
        write,
        ConflictFailureReason.MergeGaveUp,
        $"{write.Describe()} met a conflict ({Status(write.Answer?.Status)}) and the merge strategy gave up" +
        (string.IsNullOrWhiteSpace(reason) ? "." : $": {reason}.") +
        " Nothing was written. The server's current state is in RemoteContent; apply your change to it and write again.");

    public static ConflictException MergeFailed(WriteProgress write, Exception cause) => Create(
        write,
        ConflictFailureReason.MergeFailed,
        $"{write.Describe()} met a conflict and the merge strategy threw {cause.GetType().Name}: {SafeText.Of(cause.Message)} " +
        "Nothing was written. Fix the merge delegate in ConflictResolutionStrategyOptions.MergeStrategy; the server's state is in RemoteContent.",
        cause);

    public static ConflictException MergeUnresolved(WriteProgress write, IReadOnlyList<JsonMergeConflict> conflicts, bool hasBase, string? detail = null) => Create(
        write,
        ConflictFailureReason.MergeUnresolved,
        $"{write.Describe()} met a conflict and the three-way merge left {conflicts.Count} path(s) changed differently on both sides" +
        (hasBase ? string.Empty : " (no base was known, so every difference counts)") +
        (detail is null ? string.Empty : $" (the patch no longer applies: {detail})") +
        $": {string.Join(", ", conflicts.Select(c => c.Path.Length == 0 ? "(the whole document)" : c.Path))}. Nothing was written. " +
        "MergeConflicts holds the base, local and remote values; settle these paths with a rule " +
        "(options.At(path).PreferLocal()/PreferRemote()/Additive()/Resolve(...)) or a DefaultPolicy, or apply your change again.",
        mergeConflicts: conflicts);

    public static DuplicateResourceException Duplicate(WriteProgress write, Uri? existing)
    {
        var said = write.Answer?.Problem?.Detail ?? write.Answer?.Problem?.Title;
        return new DuplicateResourceException(
            $"{write.Describe()} was refused with {Status(write.Answer?.Status)}: the resource exists already" +
            (existing is null ? string.Empty : $" at {HttpOrigin.Redact(existing)}") + (said is null ? "." : $" ({said}).") +
            " Nothing was created. Set ConflictResolutionStrategyOptions.Creates.DuplicatePolicy to AdoptExisting (get-or-create) or " +
            "MergeIntoExisting, or create the resource under another identity.")
        {
            Reason = ConflictFailureReason.Duplicate,
            StatusCode = write.Answer?.Status,
            Method = write.Method,
            RequestUri = write.RequestUri,
            Attempts = write.Attempts,
            Problem = write.Answer?.Problem,
            ErrorCode = write.Answer?.Error.Code,
            ErrorMessage = write.Answer?.Error.Message ?? said,
            ExistingLocation = existing,
            ServerMessage = said,
        };
    }

    public static ConflictException ExistingResourceUnknown(WriteProgress write, DuplicatePolicy policy) => Create(
        write,
        ConflictFailureReason.Duplicate,
        $"{write.Describe()} met an existing resource, but neither the Location header nor the problem details say where it " +
        $"is, so DuplicatePolicy.{policy} cannot fetch it. Nothing was created. Set ConflictResolutionStrategyOptions.Creates.ExistingResourceLocator.");

    public static ConflictException BusinessRule(WriteProgress write) => Create(
        write,
        ConflictFailureReason.BusinessRule,
        $"{write.Describe()} was refused by a rule of the server ({Status(write.Answer?.Status)}" +
        (write.Answer?.Problem?.Title is { } title ? $": {SafeText.Of(title)}" : string.Empty) + "). It was sent once and is not retried, " +
        "because merging cannot change what the rule says; Problem holds the server's explanation. If this is in fact a " +
        "version conflict or a duplicate, add a ConflictRule to ConflictResolutionStrategyOptions.ConflictRules.");

    public static ConflictException Unclassified(WriteProgress write, bool conditional) => Create(
        write,
        ConflictFailureReason.Unclassified,
        $"{write.Describe()} was refused with {Status(write.Answer?.Status)}, and nothing tells whether that is a version " +
        "conflict, a duplicate or a business rule " +
        (conditional
            ? "(the server sent no problem details that say). "
            : "(the write carried no version, so it cannot have met a version conflict, and no version is added to it). ") +
        "It was not applied and is not retried. Send the write with If-Match (or its body version), or add a ConflictRule.");

    public static ConflictException OutcomeUnknown(WriteProgress write, Exception? cause, bool resentAndSucceeded = false) => Create(
        write,
        ConflictFailureReason.OutcomeUnknown,
        (resentAndSucceeded
            ? $"{write.Describe()} was sent again by a transient retry and the resend succeeded ({Status(write.Answer?.Status)}), but the first send may have been applied too: the write may have been applied twice "
            : $"{write.Describe()}: a send of this write may have been applied, and nothing proves whether it was ") +
        (resentAndSucceeded ? string.Empty
            : cause is ConflictException ? $"(then: {SafeText.Of(cause.Message)}) "
            : cause is OperationCanceledException ? "(the caller cancelled while a send of it was in flight) "
            : cause is not null ? $"(a send failed after it went out: {cause.GetType().Name}: {SafeText.Of(cause.Message)}) "
            : $"(a resend met {Status(write.Answer?.Status)}, which may answer the write's own first send) ") +
        "The write was not merged or sent again, since that could apply it twice. Read the resource (RemoteContent holds " +
        "its current state when it could be read) to see whether your change is there. Sending an Idempotency-Key with " +
        "the write (ConflictResolutionStrategyOptions.Creates.GenerateIdempotencyKeys) lets the server answer a resend instead.",
        cause);

    public static ConflictException NotResentAfterRestart(WriteProgress write) => Create(
        write,
        ConflictFailureReason.OutcomeUnknown,
        $"{write.Describe()} may have been sent before (ConflictRequestOptions.SentBefore), and it carries neither an Idempotency-Key nor a " +
        "precondition (If-Match, If-None-Match, If-Unmodified-Since or a version in its body or query) that would prove a resend applied it " +
        "once. It was not sent again, since that could apply it twice. Read the resource to see whether your change is there.");

    public static ConflictException SendFailed(WriteProgress write, Exception cause) => Create(
        write,
        ConflictFailureReason.SendFailed,
        $"{write.Describe()} could not be sent ({cause.GetType().Name}: {SafeText.Of(cause.Message)}); none of it reached the server, so " +
        "it was not applied. Retry it, or chain AddStandardResilienceHandler after AddConflictResolution to retry transient failures.",
        cause);

    public static ConflictException MergedNull(WriteProgress write) => Create(
        write,
        ConflictFailureReason.MergeFailed,
        $"{write.Describe()} met a conflict and the merge returned null as the merged value, which would send the body " +
        "'null'. Nothing was written. Return args.Merged(value) with a value, args.AcceptRemote() to keep the server's " +
        "state, or args.GiveUp(reason).");

    public static ConflictException RefetchTransportFailed(WriteProgress write, Uri refetchUri, Exception cause) => Create(
        write,
        ConflictFailureReason.RefetchFailed,
        $"{write.Describe()} met a conflict, and fetching the current state (GET {HttpOrigin.Redact(refetchUri)}) failed: " +
        $"{cause.GetType().Name}: {SafeText.Of(cause.Message)} The write was not applied. Retry it later; transient failures of the " +
        "re-fetch are retried by a resilience handler chained after AddConflictResolution.",
        cause);

    public static ConflictException RefetchRedirected(WriteProgress write, Uri refetchUri, Uri landed) => Create(
        write,
        ConflictFailureReason.CrossOriginRefetch,
        $"{write.Describe()} met a conflict, and fetching the current state (GET {HttpOrigin.Redact(refetchUri)}) was " +
        $"redirected to another origin ({HttpOrigin.Authority(landed)}); that state was not used and the write was not applied. " +
        "Turn off automatic redirects on this client's primary handler so a re-fetch's credentials never leave its origin, " +
        "or say where the resource lives with ConflictResolutionStrategyOptions.ForRequest (Read = ConflictRead.Get(...)).");

    public static ConflictException PreconditionRequiredAgain(WriteProgress write) => Create(
        write,
        ConflictFailureReason.PreconditionRequired,
        $"{write.Describe()} was answered 428 Precondition Required again after it was re-sent with the current version. " +
        "The server wants a precondition this client does not send: check the VersionSource (ETag vs a body version) " +
        "and whether the server expects If-Match, If-Unmodified-Since or If-None-Match.");

    public static ConflictException IdempotencyKeyReused(WriteProgress write, string? key) => Create(
        write,
        ConflictFailureReason.IdempotencyKeyReused,
        $"{write.Describe()} was refused with {Status(write.Answer?.Status)}: its Idempotency-Key {key} was used before with " +
        "another payload. Nothing was written. Send a new key for a new request; reuse a key only to retry the same request.");

    public static ConflictException InFlightExhausted(WriteProgress write, int maxAttempts, bool withIdempotencyKey, TimeSpan? waitBeyondBudget = null) => withIdempotencyKey
        ? Create(
            write,
            ConflictFailureReason.OutcomeUnknown,
            $"{write.Describe()} was answered \"still being processed\" ({Status(write.Answer?.Status)}) " +
            (waitBeyondBudget is { } wait ? $"with a Retry-After of {wait}, beyond what is left of MaxResolutionTime, after {write.Attempts} attempt(s). " : $"on all {write.Attempts} attempts. ") +
            $"The first request with this Idempotency-Key has not finished; its outcome is unknown. Raise Retry.MaxAttempts (now " +
            $"{maxAttempts}) or Retry.MaxRetryAfter, or retry later with the same key.")
        : Create(
            write,
            ConflictFailureReason.AttemptsExhausted,
            $"{write.Describe()} was answered \"busy, try again\" ({Status(write.Answer?.Status)}) " +
            (waitBeyondBudget is { } busyWait ? $"with a Retry-After of {busyWait}, beyond what is left of MaxResolutionTime, after {write.Attempts} attempt(s), and was not " : $"on all {write.Attempts} attempts and was not ") +
            $"applied. Raise Retry.MaxAttempts (now {maxAttempts}) or Retry.MaxResolutionTime, or retry later.");

    private static ConflictException Create(
        WriteProgress write,
        ConflictFailureReason reason,
        string message,
        Exception? inner = null,
        HttpStatusCode? statusOverride = null,
        IReadOnlyList<JsonMergeConflict>? mergeConflicts = null) =>
        new(message, inner)
        {
            Reason = reason,
            StatusCode = statusOverride ?? write.Answer?.Status,
            Method = write.Method,
            RequestUri = write.RequestUri,
            Attempts = write.Attempts,
            RemoteContent = write.Remote?.Representation.Text,
            RemoteValue = write.Remote?.Value,
            RemoteVersion = write.Remote?.Version ?? default,
            Problem = write.Answer?.Problem,
            ErrorCode = write.Answer?.Error.Code,
            ErrorMessage = write.Answer?.Error.Message ?? write.Answer?.Problem?.Detail ?? write.Answer?.Problem?.Title,
            MergeConflicts = mergeConflicts ?? [],
            Report = ConflictReports.Create(write, ReportHeadlines.For(reason, write.Answer?.Error.Message ?? write.Answer?.Problem?.Detail), resolved: false, outcomeKnown: reason != ConflictFailureReason.OutcomeUnknown),
        };

    private static string Status(HttpStatusCode? status) => status is { } code ? $"{(int)code} {code}" : "no response";
}
