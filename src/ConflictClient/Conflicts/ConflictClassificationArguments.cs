using System.Net;
using System.Text.Json;
using ConflictClient.Http;
using Polly;

namespace ConflictClient.Conflicts;

/// <summary>What a classification rule sees of a conflict-like response to a write.</summary>
public readonly struct ConflictClassificationArguments
{
    /// <summary>Initializes a new instance of the <see cref="ConflictClassificationArguments"/> struct, for example to unit-test a rule.</summary>
    /// <param name="context">The resilience context of the call.</param>
    /// <param name="request">The write the server refused.</param>
    /// <param name="statusCode">The status the server answered.</param>
    /// <param name="problem">The problem details the server sent, if any.</param>
    /// <param name="errorCode">The application error code the server sent, in any vocabulary, if any.</param>
    /// <param name="errorMessage">The human-readable message the server sent, if any.</param>
    /// <param name="hasRetryAfter">Whether the answer carried a <c>Retry-After</c> header.</param>
    /// <param name="isConditional">Whether the write carried a version precondition.</param>
    /// <param name="isCreateOnly">Whether the write may only create (<c>If-None-Match: *</c> is detected from the request anyway).</param>
    public ConflictClassificationArguments(
        ResilienceContext context,
        HttpRequestMessage request,
        HttpStatusCode statusCode,
        ConflictProblemDetails? problem = null,
        string? errorCode = null,
        string? errorMessage = null,
        bool hasRetryAfter = false,
        bool isConditional = false,
        bool isCreateOnly = false)
        : this(context, request, statusCode, problem, hasRetryAfter, isConditional, ToServerError(errorCode, errorMessage), isCreateOnly)
    {
    }

    internal ConflictClassificationArguments(ResilienceContext context, HttpRequestMessage request, HttpStatusCode statusCode, ConflictProblemDetails? problem, bool hasRetryAfter, bool isConditional, ServerError? serverError, bool isCreateOnly)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        ServerError = serverError ?? ServerError.None;
        Context = context;
        Request = request;
        StatusCode = statusCode;
        Problem = problem;
        HasRetryAfter = hasRetryAfter;
        IsConditional = isConditional;
        IsCreateOnly = isCreateOnly || WriteRequests.IsCreateOnly(request);
        ErrorCode = ServerError.Code ?? ReadErrorCode(problem);
    }

    /// <summary>Gets the resilience context of the call.</summary>
    public ResilienceContext Context { get; }

    /// <summary>Gets the write that was sent.</summary>
    public HttpRequestMessage Request { get; }

    /// <summary>Gets the response's status.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>Gets the problem details (RFC 9457) the server sent, if any.</summary>
    public ConflictProblemDetails? Problem { get; }

    /// <summary>
    /// Gets the application error code, in whichever vocabulary the server speaks: an error-code header
    /// (<c>x-ms-error-code</c>, <c>x-amzn-ErrorType</c>), XML <c>&lt;Error&gt;&lt;Code&gt;</c>, or the most specific
    /// JSON code (<c>error.code</c>, <c>odata.error.code</c>, <c>errors[].code</c>, Kubernetes' <c>reason</c>, <c>code</c>,
    /// <c>errorCode</c>, <c>error</c>, …).
    /// </summary>
    public string? ErrorCode { get; }

    /// <summary>Gets the server's message about the refusal, when it sent one (<c>message</c>, <c>detail</c>, <c>reason</c>, …).</summary>
    public string? ErrorMessage => ServerError.Message ?? Problem?.Detail ?? Problem?.Title;

    /// <summary>Gets everything the server said, in its own vocabulary.</summary>
    internal ServerError ServerError { get; }

    /// <summary>
    /// Gets a value indicating whether the write carried a version (If-Match, If-Unmodified-Since, or a version at the
    /// body pointer). A write that did not is unconditional: its 409/412 is never a version conflict.
    /// </summary>
    public bool IsConditional { get; }

    /// <summary>
    /// Gets a value indicating whether the write was create-only: <c>If-None-Match: *</c>, or marked with
    /// <see cref="ConflictRequestOptions.CreateOnly"/> (for APIs that say "only if absent" their own way).
    /// </summary>
    public bool IsCreateOnly { get; }

    /// <summary>Gets a value indicating whether the write carried an Idempotency-Key.</summary>
    public bool HasIdempotencyKey => WriteRequests.IsKeyed(Request);

    /// <summary>Gets a value indicating whether the response said when to retry (Retry-After).</summary>
    public bool HasRetryAfter { get; }

    private static ServerError ToServerError(string? code, string? message) =>
        code is null && message is null ? ServerError.None : new(code, message, $" {code} {message}");

    private static string? ReadErrorCode(ConflictProblemDetails? problem)
    {
        foreach (var name in (ReadOnlySpan<string>)["code", "errorCode", "error_code", "error"])
        {
            if (problem?.Extensions.TryGetValue(name, out var value) == true && value.ValueKind == JsonValueKind.String)
            {
                return value.GetString();
            }
        }

        return null;
    }
}
