using System.Net.Http.Headers;

namespace ConflictClient.Conflicts;

/// <summary>The wait before retry number <c>n</c>: the server's Retry-After (capped), else exponential backoff with full jitter.</summary>
internal static class ConflictBackoff
{
    public static TimeSpan Compute(int retry, TimeSpan? retryAfter, ConflictResolutionStrategyOptions options, Func<double> random, TimeSpan roundTrip = default)
    {
        if (retryAfter is { } serverDelay)
        {
            return serverDelay <= TimeSpan.Zero ? TimeSpan.Zero : serverDelay > options.Retry.MaxRetryAfter ? options.Retry.MaxRetryAfter : serverDelay;
        }

        // Adaptive: a few round trips is enough to let the other writer finish; BaseDelay stays the ceiling.
        var baseTicks = options.Retry.AdaptiveBackoff && roundTrip > TimeSpan.Zero
            ? Math.Min(options.Retry.BaseDelay.Ticks, roundTrip.Ticks * ConflictResolutionConstants.RoundTripsPerBackoffStep)
            : options.Retry.BaseDelay.Ticks;

        // Full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"): spreads writers that collided at once.
        var ceilingTicks = Math.Min(options.Retry.MaxDelay.Ticks, baseTicks * Math.Pow(2, Math.Min(retry - 1, 30)));
        return TimeSpan.FromTicks((long)(ceilingTicks * random()));
    }

    /// <summary>The first quiet window to wait for: one adaptive backoff step, scaled up (at most <c>MaxDelay</c>).</summary>
    public static TimeSpan FirstListenWindow(ConflictResolutionStrategyOptions options, TimeSpan roundTrip) =>
        options.Retry.AdaptiveBackoff && roundTrip > TimeSpan.Zero
            ? Min(options.Retry.MaxDelay, Min(options.Retry.BaseDelay, roundTrip * ConflictResolutionConstants.RoundTripsPerListenWindow))
            : Min(options.Retry.MaxDelay, options.Retry.BaseDelay);

    /// <summary>Others kept writing: the next window is twice as long, at most <c>MaxDelay</c> (and 16 round trips, adaptively).</summary>
    public static TimeSpan WidenListenWindow(TimeSpan window, ConflictResolutionStrategyOptions options, TimeSpan roundTrip)
    {
        var ceiling = options.Retry.AdaptiveBackoff && roundTrip > TimeSpan.Zero
            ? Min(options.Retry.MaxDelay, roundTrip * ConflictResolutionConstants.MaxRoundTripsPerListenWindow)
            : options.Retry.MaxDelay;
        return Min(ceiling, window * 2);
    }

    /// <summary>A wait between half the window and the whole of it, so listeners that met the same conflict spread out.</summary>
    public static TimeSpan ListenWait(TimeSpan window, Func<double> random) => window * (0.5 + (0.5 * random()));

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    public static TimeSpan? ReadRetryAfter(HttpResponseHeaders headers, TimeProvider timeProvider) => headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - timeProvider.GetUtcNow(),
        _ => null,
    };
}
