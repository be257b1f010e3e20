using System.Net;
using System.Text.Json;
using ConflictClient.Http;

namespace ConflictClient.Conflicts;

/// <summary>The errors of sending, reading and bodies: transport, re-fetch, versions, representations, sizes.</summary>
internal static partial class ConflictErrors
{
    public static ConflictException CanceledAfterApplied(WriteProgress write, OperationCanceledException cause) => Create(
        write,
        ConflictFailureReason.CanceledAfterApplied,
        $"{write.Describe()} was applied ({Status(write.Answer?.Status)}), but the caller cancelled before it was handed the answer. " +
        "Do not send it again: the change is on the server. RemoteContent holds the state it wrote, when that is known.",
        cause);

    public static ConflictException VersionTokenMissing(WriteProgress write, string where, string hint) => Create(
        write,
        ConflictFailureReason.VersionTokenMissing,
        $"{write.Describe()} met a conflict, but the current representation has no version token ({where}), so the write " +
        $"cannot be retried conditionally and was not applied. {hint}");

    public static ConflictException InvalidRepresentation(WriteProgress write, string which, JsonException cause) => Create(
        write,
        ConflictFailureReason.InvalidRepresentation,
        $"{write.Describe()}: {which} is not valid JSON ({SafeText.Of(cause.Message)}), so it cannot be merged or carry a body version. " +
        "Nothing was written. Check the server's response, or use MergeStrategy.ClientWins with VersionSource.ETag, which need no JSON.",
        cause);

    public static ConflictException InvalidPatch(WriteProgress write, string reason) => Create(
        write,
        ConflictFailureReason.InvalidRepresentation,
        $"{write.Describe()} met a conflict, but its body is not a patch that can be read ({reason}), so it cannot be rebased " +
        "onto the server's state. Nothing more was written. Send a valid JSON Patch (RFC 6902) or JSON Merge Patch (RFC 7396).");

    public static ConflictException PatchFormatUnknown(WriteProgress write, string? mediaType) => Create(
        write,
        ConflictFailureReason.MergeUnresolved,
        $"{write.Describe()} met a conflict, but its PATCH body is in {mediaType ?? "no media type"}, which is neither JSON Patch " +
        "(application/json-patch+json) nor JSON Merge Patch (application/merge-patch+json), so the three-way merge cannot tell " +
        "what it changes. Nothing more was written. Send the patch in one of those formats, or use ClientWins, ServerWins or a custom merge.");

    public static ConflictException NotJsonObject(WriteProgress write, string which, string pointer) => Create(
        write,
        ConflictFailureReason.InvalidRepresentation,
        $"{write.Describe()}: {which} is not a JSON object, so the version cannot be written at '{pointer}'. " +
        "Body versions need a JSON object body; use VersionSource.ETag for other bodies.");

    public static ConflictException RequestBodyTooLarge(WriteProgress write, int maxBodySize) => Create(
        write,
        ConflictFailureReason.BodyTooLarge,
        $"{write.Describe()} was not sent: its body is larger than MaxBodySize ({maxBodySize} bytes), and a guarded write " +
        "keeps its body in memory to re-send it after a conflict. Raise ConflictResolutionStrategyOptions.MaxBodySize or send a smaller body.");

    public static ConflictException RemoteBodyTooLarge(WriteProgress write, int maxBodySize) => Create(
        write,
        ConflictFailureReason.BodyTooLarge,
        $"{write.Describe()} met a conflict, but the server's current representation is larger than MaxBodySize " +
        $"({maxBodySize} bytes), so it was not read and the write was not applied. Raise ConflictResolutionStrategyOptions.MaxBodySize.");

    public static ConflictException RefetchFailed(WriteProgress write, Uri refetchUri, HttpStatusCode status) => Create(
        write,
        ConflictFailureReason.RefetchFailed,
        $"{write.Describe()} met a conflict, and fetching the current state (GET {HttpOrigin.Redact(refetchUri)}) answered " +
        $"{Status(status)}" + (status is HttpStatusCode.NotFound or HttpStatusCode.Gone ? ": the resource is gone, probably deleted by another writer" : string.Empty) +
        ". The write was not applied. If the resource lives elsewhere, say so with ConflictResolutionStrategyOptions.ForRequest (Read = ConflictRead.Get(...)).",
        statusOverride: status);

    public static ConflictException CrossOriginRefetch(WriteProgress write, Uri refetchUri) => Create(
        write,
        ConflictFailureReason.CrossOriginRefetch,
        $"{write.Describe()} was not sent: the current state would be read from {HttpOrigin.Authority(refetchUri)}, " +
        "another origin, and a re-fetch carries the write's headers (credentials included). " +
        "Read it from the write's own scheme, host and port.");

    public static ConflictException NothingToRead(WriteProgress write) => Create(
        write,
        ConflictFailureReason.Unclassified,
        $"{write.Describe()} met a version conflict ({Status(write.Answer?.Status)}), but nothing says how to read the current " +
        "state of what it updates (a POST has no resource of its own to read), so it was not merged and is not sent again. " +
        "It was not applied. Say how with ConflictResolutionStrategyOptions.ForRequest: Read = ConflictRead.Get(uri) or " +
        "ConflictRead.Post(uri, json).");

    public static ConflictException VersionUnchanged(WriteProgress write, string sentVersion) => Create(
        write,
        ConflictFailureReason.VersionUnchanged,
        $"{write.Describe()} was refused with {Status(write.Answer?.Status)} for its version, but the server's current " +
        $"version is the one it sent ({sentVersion}): nobody changed the resource, so merging and sending it again could " +
        "only be refused again. It was not applied. A weak ETag (W/\"...\") never matches If-Match (RFC 9110): make the " +
        "server send strong ETags, or choose a body version (ConflictResolutionStrategyOptions.Versions.Source).");

    public static ConflictException RefusedNotForVersions(WriteProgress write) => Create(
        write,
        ConflictFailureReason.BusinessRule,
        $"{write.Describe()} was refused with {Status(write.Answer?.Status)}" +
        ((write.Answer?.Error.Message ?? write.Answer?.Problem?.Title) is { } said ? $" (\"{SafeText.Of(said)}\")" : string.Empty) +
        ", and the resource's version is still the one the write carried, so the refusal is not about versions. It was " +
        "sent once and is not retried; Problem and ErrorMessage hold the server's explanation. If this is in fact a " +
        "version conflict, add a ConflictRule to ConflictResolutionStrategyOptions.ConflictRules.");

    public static ConflictException ClassificationFailed(WriteProgress write, Exception cause) => Create(
        write,
        ConflictFailureReason.Unclassified,
        $"{write.Describe()} was refused with {Status(write.Answer?.Status)}, and a ConflictRule of the application threw " +
        $"{cause.GetType().Name} while telling what that means. It was not applied and is not retried. Fix the rule in " +
        "ConflictResolutionStrategyOptions.ConflictRules.",
        cause);
}
