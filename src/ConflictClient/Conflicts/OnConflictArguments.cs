using System.Net;
using ConflictClient.Http;
using Polly;

namespace ConflictClient.Conflicts;

/// <summary>What <see cref="ConflictResolutionStrategyOptions.OnConflict"/> receives each time a write meets a conflict.</summary>
public readonly struct OnConflictArguments
{
    /// <summary>Initializes a new instance of the <see cref="OnConflictArguments"/> struct, for example to unit-test a delegate.</summary>
    /// <param name="context">The resilience context of the call.</param>
    /// <param name="method">The write's method.</param>
    /// <param name="requestUri">The write's URI.</param>
    /// <param name="statusCode">The status the server answered.</param>
    /// <param name="kind">What kind of conflict it is.</param>
    /// <param name="attempt">The attempt that met the conflict (1 for the first write).</param>
    /// <param name="willRetry">Whether the write will be retried.</param>
    /// <param name="retryDelay">How long the strategy waits before the retry.</param>
    /// <param name="problem">The problem details the server sent, if any.</param>
    public OnConflictArguments(ResilienceContext context, HttpMethod method, Uri requestUri, HttpStatusCode statusCode, ConflictKind kind, int attempt, bool willRetry, TimeSpan retryDelay, ConflictProblemDetails? problem)
    {
        Kind = kind;
        Context = context;
        Method = method;
        RequestUri = requestUri;
        StatusCode = statusCode;
        Attempt = attempt;
        WillRetry = willRetry;
        RetryDelay = retryDelay;
        Problem = problem;
    }

    /// <summary>Gets the resilience context of the call.</summary>
    public ResilienceContext Context { get; }

    /// <summary>Gets the method of the write.</summary>
    public HttpMethod Method { get; }

    /// <summary>Gets the URI of the write.</summary>
    public Uri RequestUri { get; }

    /// <summary>Gets what the conflict means.</summary>
    public ConflictKind Kind { get; }

    /// <summary>Gets the conflict's status code.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>Gets the number of the attempt that met the conflict (1 for the first).</summary>
    public int Attempt { get; }

    /// <summary>Gets a value indicating whether the write will be merged and sent again.</summary>
    public bool WillRetry { get; }

    /// <summary>Gets the delay before the current state is fetched and the write is retried.</summary>
    public TimeSpan RetryDelay { get; }

    /// <summary>Gets the problem details the server sent with the conflict, if any.</summary>
    public ConflictProblemDetails? Problem { get; }
}
