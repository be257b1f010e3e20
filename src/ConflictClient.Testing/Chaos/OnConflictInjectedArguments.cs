using Polly;

namespace ConflictClient.Testing;

/// <summary>What <see cref="ConflictChaosOptions.OnConflictInjected"/> receives: the write that was answered with a conflict.</summary>
public readonly struct OnConflictInjectedArguments
{
    /// <summary>Initializes a new instance of the <see cref="OnConflictInjectedArguments"/> struct.</summary>
    /// <param name="context">The resilience context of the call.</param>
    /// <param name="request">The write that was answered with a conflict instead of being sent.</param>
    public OnConflictInjectedArguments(ResilienceContext context, HttpRequestMessage request)
    {
        Context = context;
        Request = request;
    }

    /// <summary>Gets the resilience context of the call.</summary>
    public ResilienceContext Context { get; }

    /// <summary>Gets the write that was answered with a conflict instead of being sent.</summary>
    public HttpRequestMessage Request { get; }
}
