namespace ConflictClient.Http;

/// <summary>
/// What a server said about a refused write, in whichever vocabulary it speaks: an application error code and a
/// message, read from the body (RFC 9457, Google, Stripe, Microsoft Graph, OData, JSON:API, Kubernetes, S3/Azure XML, …)
/// or from an error-code header.
/// </summary>
/// <param name="Code">The most specific error code found (e.g. <c>UpdateConditionNotSatisfied</c>, <c>conflict</c>, <c>ABORTED</c>); null when none.</param>
/// <param name="Message">The human-readable message found; null when none.</param>
/// <param name="Words">Every code, reason, title and message found, lower-cased, for matching words; empty when none.</param>
internal sealed record ServerError(string? Code, string? Message, string Words)
{
    public static ServerError None { get; } = new(null, null, string.Empty);
}
