using Polly;

namespace ConflictClient.Conflicts;

/// <summary>What <see cref="ConflictResolutionStrategyOptions.ForRequest"/> receives: one write, before it is sent.</summary>
public readonly struct ConflictRequestArguments
{
    /// <summary>Initializes a new instance of the <see cref="ConflictRequestArguments"/> struct, for example to unit-test a delegate.</summary>
    /// <param name="context">The resilience context of the call.</param>
    /// <param name="request">The write.</param>
    public ConflictRequestArguments(ResilienceContext context, HttpRequestMessage request)
    {
        Context = context;
        Request = request;
    }

    /// <summary>Gets the resilience context of the call.</summary>
    public ResilienceContext Context { get; }

    /// <summary>Gets the write. Read its method, URI, headers and options; do not change it or read its content.</summary>
    public HttpRequestMessage Request { get; }
}
