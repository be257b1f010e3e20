using System.ComponentModel.DataAnnotations;

namespace ConflictClient.Conflicts;

/// <summary>When a write that met a conflict is sent again, and when it stops: attempts, time budget and waits.</summary>
public sealed class ConflictRetryOptions
{
    /// <summary>Gets or sets how many times a write is sent in all, the first attempt included.</summary>
    /// <value>The default value is 50. Allowed: 1 to 100. <see cref="MaxResolutionTime"/> bounds the time as well.</value>
    [Range(1, ConflictResolutionConstants.MaxAttemptsLimit)]
    public int MaxAttempts { get; set; } = ConflictResolutionConstants.DefaultMaxAttempts;

    /// <summary>
    /// Gets or sets how long a write may keep resolving conflicts, from its first conflict: a conflict met after that is
    /// not retried (<see cref="ConflictFailureReason.AttemptsExhausted"/>), and a wait that would cross it never starts.
    /// </summary>
    /// <value>The default value is 30 seconds.</value>
    [TimeSpanRange("00:00:00.001", "01:00:00")]
    public TimeSpan MaxResolutionTime { get; set; } = ConflictResolutionConstants.DefaultMaxResolutionTime;

    /// <summary>
    /// Gets or sets the base of the exponential backoff with full jitter between a conflict and the retry: the wait before
    /// retry <c>n</c> is a random value between zero and <c>min(MaxDelay, BaseDelay × 2^(n-1))</c>, as a Polly retry with
    /// that delay generator.
    /// </summary>
    /// <value>The default value is 10 milliseconds.</value>
    [TimeSpanRange("00:00:00", "00:01:00")]
    public TimeSpan BaseDelay { get; set; } = ConflictResolutionConstants.DefaultBaseDelay;

    /// <summary>Gets or sets the longest backoff between a conflict and the retry.</summary>
    /// <value>The default value is 1 second.</value>
    [TimeSpanRange("00:00:00", "01:00:00")]
    public TimeSpan MaxDelay { get; set; } = ConflictResolutionConstants.DefaultMaxDelay;

    /// <summary>Gets or sets a value indicating whether a <c>Retry-After</c> on a conflict replaces the backoff.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool RespectRetryAfter { get; set; } = true;

    /// <summary>Gets or sets the longest <c>Retry-After</c> honoured; longer ones are cut to this.</summary>
    /// <value>The default value is 30 seconds.</value>
    [TimeSpanRange("00:00:00", "01:00:00")]
    public TimeSpan MaxRetryAfter { get; set; } = ConflictResolutionConstants.DefaultMaxRetryAfter;
}
