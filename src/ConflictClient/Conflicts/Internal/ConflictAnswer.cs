using System.Net;
using ConflictClient.Http;

namespace ConflictClient.Conflicts;

/// <summary>What a conflict-like response (or a failed re-fetch) said: its status, words and headers, as read once.</summary>
/// <param name="Status">The status.</param>
/// <param name="Problem">The problem details (RFC 9457), when it sent them.</param>
/// <param name="Error">Its code and message, in its own vocabulary.</param>
/// <param name="Location">Its Location header, verbatim.</param>
/// <param name="RetryAfter">Its Retry-After, when honoured.</param>
/// <param name="Body">Its body, read bounded (null when over the limit).</param>
internal sealed record ConflictAnswer(HttpStatusCode Status, ConflictProblemDetails? Problem, ServerError Error, string? Location, TimeSpan? RetryAfter, Representation? Body)
{
    /// <summary>Gets what the answer means, once classified.</summary>
    public ConflictKind Kind { get; init; }

    /// <summary>
    /// Gets what a version conflict means if the resource's version turns out unchanged since the one the write carried:
    /// null when the words are sure (the precondition can then never hold), else the kind the words suggest.
    /// </summary>
    public ConflictKind? IfUnchanged { get; init; }

    /// <summary>Gets a value indicating whether the answer is a 400 or 422: the caller gets it as it is unless it is a conflict of ours.</summary>
    public bool IsMaybeConflict => WriteRequests.IsMaybeConflict(Status);
}
