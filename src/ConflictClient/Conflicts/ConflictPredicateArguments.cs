using Polly;

namespace ConflictClient.Conflicts;

/// <summary>What <see cref="ConflictResolutionStrategyOptions.ShouldHandle"/> receives for each response to a write.</summary>
public readonly struct ConflictPredicateArguments
{
    /// <summary>Initializes a new instance of the <see cref="ConflictPredicateArguments"/> struct, for example to unit-test a delegate.</summary>
    /// <param name="context">The resilience context of the call.</param>
    /// <param name="request">The write.</param>
    /// <param name="response">The answer to the write.</param>
    public ConflictPredicateArguments(ResilienceContext context, HttpRequestMessage request, HttpResponseMessage response)
    {
        Context = context;
        Request = request;
        Response = response;
    }

    /// <summary>Gets the resilience context of the call.</summary>
    public ResilienceContext Context { get; }

    /// <summary>Gets the write that was sent.</summary>
    public HttpRequestMessage Request { get; }

    /// <summary>Gets the server's response. Do not read or dispose its content; the strategy does.</summary>
    public HttpResponseMessage Response { get; }

    /// <summary>
    /// Gets a value indicating whether the default rule handles this response: 409, 412 or 428 to PUT, PATCH, DELETE or
    /// POST, and 422 to a write carrying an Idempotency-Key. What it means is then classified (<see cref="ConflictKind"/>).
    /// </summary>
    public bool IsDefaultConflict => ConflictResolutionConstants.IsDefaultConflict(Request, Response.StatusCode);
}
