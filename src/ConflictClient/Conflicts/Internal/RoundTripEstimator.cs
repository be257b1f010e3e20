namespace ConflictClient.Conflicts;

/// <summary>
/// A smoothed estimate of how long one write round trip to this client's server takes (exponentially weighted, as
/// TCP's SRTT), so the backoff can scale to the server's distance instead of a fixed guess.
/// </summary>
internal sealed class RoundTripEstimator
{
    private long _smoothedTicks;

    /// <summary>Gets the estimate; zero until a round trip was observed (or under a clock that does not move).</summary>
    public TimeSpan Current => TimeSpan.FromTicks(Volatile.Read(ref _smoothedTicks));

    public void Observe(TimeSpan sample)
    {
        if (sample <= TimeSpan.Zero)
        {
            return;
        }

        // Races between concurrent writers lose a sample now and then; the estimate stays good.
        var previous = Volatile.Read(ref _smoothedTicks);
        var next = previous == 0 ? sample.Ticks : previous + ((sample.Ticks - previous) / 8);
        Volatile.Write(ref _smoothedTicks, next);
    }
}
