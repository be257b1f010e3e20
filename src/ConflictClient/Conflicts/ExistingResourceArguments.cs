using ConflictClient.Http;
using Polly;

namespace ConflictClient.Conflicts;

/// <summary>What <see cref="ConflictCreateOptions.ExistingResourceLocator"/> receives to find the resource a create collided with.</summary>
public readonly struct ExistingResourceArguments
{
    /// <summary>Initializes a new instance of the <see cref="ExistingResourceArguments"/> struct, for example to unit-test a delegate.</summary>
    /// <param name="context">The resilience context of the call.</param>
    /// <param name="method">The write's method.</param>
    /// <param name="requestUri">The write's URI.</param>
    /// <param name="requestBody">The body of the write.</param>
    /// <param name="problem">The problem details the server sent, if any.</param>
    public ExistingResourceArguments(ResilienceContext context, HttpMethod method, Uri requestUri, ReadOnlyMemory<byte> requestBody, ConflictProblemDetails? problem)
    {
        Context = context;
        Method = method;
        RequestUri = requestUri;
        RequestBody = requestBody;
        Problem = problem;
    }

    /// <summary>Gets the resilience context of the call.</summary>
    public ResilienceContext Context { get; }

    /// <summary>Gets the method of the create.</summary>
    public HttpMethod Method { get; }

    /// <summary>Gets the URI of the create.</summary>
    public Uri RequestUri { get; }

    /// <summary>Gets the body of the create (UTF-8), for example to build the URI from a natural key.</summary>
    public ReadOnlyMemory<byte> RequestBody { get; }

    /// <summary>Gets the problem details the server sent with the duplicate, if any.</summary>
    public ConflictProblemDetails? Problem { get; }
}
