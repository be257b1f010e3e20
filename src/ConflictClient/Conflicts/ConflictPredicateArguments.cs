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
        : this(context, request, response, isVersioned: false, isCreateOnly: false)
    {
    }

    internal ConflictPredicateArguments(ResilienceContext context, HttpRequestMessage request, HttpResponseMessage response, bool isVersioned, bool isCreateOnly)
    {
        Context = context;
        Request = request;
        Response = response;
        IsVersioned = isVersioned || WriteRequests.HasVersionHeader(request);
        _isCreateOnly = isCreateOnly;
    }

    private readonly bool _isCreateOnly;

    /// <summary>Gets the resilience context of the call.</summary>
    public ResilienceContext Context { get; }

    /// <summary>Gets the write that was sent.</summary>
    public HttpRequestMessage Request { get; }

    /// <summary>Gets the server's response. Do not read or dispose its content; the strategy does.</summary>
    public HttpResponseMessage Response { get; }

    /// <summary>
    /// Gets a value indicating whether the write carried a version: <c>If-Match</c> or <c>If-Unmodified-Since</c>, or
    /// the version the client's version source reads from its body or query.
    /// </summary>
    public bool IsVersioned { get; }

    /// <summary>
    /// Gets a value indicating whether the default rule handles this response: 409, 412, 422 or 428 to PUT, PATCH, DELETE
    /// or POST; and 400 to a write that carried a version, was create-only (<c>If-None-Match: *</c>) or carried an
    /// Idempotency-Key. What it means is then classified (<see cref="ConflictKind"/>); a handled 400 or 422 that is not
    /// a conflict after all reaches the caller as the server sent it. A 400 to any other write is never handled.
    /// </summary>
    public bool IsDefaultConflict => WriteRequests.IsDefaultConflict(Request, Response.StatusCode, IsVersioned, _isCreateOnly);

    /// <summary>
    /// Gets a value indicating whether this is a 400 refusing a create (a POST) that carried no version: for APIs that say
    /// "already exists" that way. Not handled by default; opt in with
    /// <c>ShouldHandle = args =&gt; new(args.IsDefaultConflict || args.IsRefusedCreate)</c>. What the words say is then
    /// classified, and only a duplicate, an idempotency or a busy answer is taken over; anything else reaches the caller
    /// untouched.
    /// </summary>
    public bool IsRefusedCreate => WriteRequests.EffectiveMethod(Request) == HttpMethod.Post && Response.StatusCode == System.Net.HttpStatusCode.BadRequest;
}
