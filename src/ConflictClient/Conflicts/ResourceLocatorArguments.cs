using Polly;

namespace ConflictClient.Conflicts;

/// <summary>What <see cref="ConflictResolutionStrategyOptions.ResourceLocator"/> receives to locate the resource to re-fetch.</summary>
public readonly struct ResourceLocatorArguments
{
    /// <summary>Initializes a new instance of the <see cref="ResourceLocatorArguments"/> struct, for example to unit-test a delegate.</summary>
    /// <param name="context">The resilience context of the call.</param>
    /// <param name="method">The write's method.</param>
    /// <param name="requestUri">The write's URI.</param>
    public ResourceLocatorArguments(ResilienceContext context, HttpMethod method, Uri requestUri)
    {
        Context = context;
        Method = method;
        RequestUri = requestUri;
    }

    /// <summary>Gets the resilience context of the call.</summary>
    public ResilienceContext Context { get; }

    /// <summary>Gets the method of the write.</summary>
    public HttpMethod Method { get; }

    /// <summary>Gets the URI of the write.</summary>
    public Uri RequestUri { get; }
}
