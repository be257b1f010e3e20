using System.Net;
using Polly.Telemetry;

namespace ConflictClient.Conflicts;

/// <summary>The defaults of <see cref="ConflictResolutionStrategyOptions"/>, in one place.</summary>
internal static class ConflictResolutionConstants
{
    public const string DefaultName = "ConflictResolution";

    public const string OnConflictEvent = "OnConflict";

    /// <summary>
    /// A conflict is the normal work of this strategy, not a fault: Polly reports it at Information, as the library logs
    /// it (raise it with Polly's <c>TelemetryOptions.SeverityProvider</c>).
    /// </summary>
    public static readonly ResilienceEvent OnConflictResilienceEvent = new(ResilienceEventSeverity.Information, OnConflictEvent);

    /// <summary>The header of the IETF httpapi Idempotency-Key draft.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>
    /// Fifty writes in all: 64 independent writers incrementing one resource end with no failed call in 5 of 5 runs
    /// (docs/benchmarks.md; with 20, 0-4 calls of 1,600 per run failed); Kubernetes' five steps failed 17-27 % of
    /// them. <see cref="DefaultMaxResolutionTime"/> bounds the time as well.
    /// </summary>
    public const int DefaultMaxAttempts = 50;

    public const int MaxAttemptsLimit = 100;

    /// <summary>How long a resource stays contended after its last conflict: its writes take a turn first (with turns configured).</summary>
    public static readonly TimeSpan TurnWindow = TimeSpan.FromSeconds(10);

    /// <summary>1 MiB: far above typical JSON resources, small enough to keep per in-flight write.</summary>
    public const int DefaultMaxBodySize = 1024 * 1024;

    /// <summary>4 MiB of remembered representations: thousands of typical JSON resources.</summary>
    public const int DefaultBaseCacheSize = 4 * 1024 * 1024;

    public static readonly TimeSpan DefaultBaseDelay = TimeSpan.FromMilliseconds(10);

    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan DefaultMaxRetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>As Microsoft.Extensions.Http.Resilience's total request timeout: 30 seconds.</summary>
    public static readonly TimeSpan DefaultMaxResolutionTime = TimeSpan.FromSeconds(30);

    public static readonly Func<ConflictPredicateArguments, ValueTask<bool>> DefaultShouldHandle =
        static args => new ValueTask<bool>(args.IsDefaultConflict);
}
