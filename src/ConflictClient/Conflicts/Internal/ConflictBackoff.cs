using System.Net.Http.Headers;

namespace ConflictClient.Conflicts;

/// <summary>The wait before retry number <c>n</c>: the server's Retry-After (capped), else exponential backoff with full jitter.</summary>
internal static class ConflictBackoff
{
    public static TimeSpan Compute(int retry, TimeSpan? retryAfter, ConflictResolutionStrategyOptions options, Func<double> random)
    {
        if (retryAfter is { } serverDelay)
        {
            return serverDelay <= TimeSpan.Zero ? TimeSpan.Zero : serverDelay > options.Retry.MaxRetryAfter ? options.Retry.MaxRetryAfter : serverDelay;
        }

        var baseTicks = options.Retry.BaseDelay.Ticks;

        // Full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"): spreads writers that collided at once.
        var ceilingTicks = Math.Min(options.Retry.MaxDelay.Ticks, baseTicks * Math.Pow(2, Math.Min(retry - 1, 30)));
        return TimeSpan.FromTicks((long)(ceilingTicks * random()));
    }

    public static TimeSpan? ReadRetryAfter(HttpResponseHeaders headers, TimeProvider timeProvider) => headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - timeProvider.GetUtcNow(),
        _ => null,
    };
}
