using Microsoft.Extensions.DependencyInjection;
using Polly;

namespace ConflictClient.Tests.Support;

/// <summary>The standard resilience handler as the tests chain it inside conflict resolution: fast, fixed retries.</summary>
public static class TransientRetries
{
    /// <summary>Adds the standard handler with 5 retries 1 ms apart, and a circuit breaker that stays out of the way.</summary>
    public static IHttpClientBuilder AddFastTransientRetries(this IHttpClientBuilder builder)
    {
        builder.AddStandardResilienceHandler(o =>
        {
            o.Retry.Delay = TimeSpan.FromMilliseconds(1);
            o.Retry.BackoffType = DelayBackoffType.Constant;
            o.Retry.UseJitter = false;
            o.Retry.MaxRetryAttempts = 5;
            o.CircuitBreaker.MinimumThroughput = int.MaxValue;
            o.CircuitBreaker.SamplingDuration = TimeSpan.FromMinutes(1);
            o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(10);
        });
        return builder;
    }
}
