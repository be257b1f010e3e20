using System.Net;

namespace ConflictClient.Conflicts;

/// <summary>The defaults of <see cref="ConflictResolutionStrategyOptions"/>, in one place.</summary>
internal static class ConflictResolutionConstants
{
    public const string DefaultName = "ConflictResolution";

    public const string OnConflictEvent = "OnConflict";

    /// <summary>Five writes in all, as Kubernetes' <c>retry.DefaultRetry</c> (5 steps).</summary>
    public const int DefaultMaxAttempts = 5;

    public const int MaxAttemptsLimit = 100;

    /// <summary>1 MiB: far above typical JSON resources, small enough to keep per in-flight write.</summary>
    public const int DefaultMaxBodySize = 1024 * 1024;

    /// <summary>4 MiB of remembered representations: thousands of typical JSON resources.</summary>
    public const int DefaultBaseCacheSize = 4 * 1024 * 1024;

    public static readonly TimeSpan DefaultBaseDelay = TimeSpan.FromMilliseconds(20);

    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan DefaultMaxRetryAfter = TimeSpan.FromSeconds(30);

    public static readonly Func<ConflictPredicateArguments, ValueTask<bool>> DefaultShouldHandle =
        static args => new ValueTask<bool>(args.IsDefaultConflict);

    /// <summary>409 or 412 on PUT, PATCH or DELETE; 409 on POST (surfaced as a create conflict, never retried).</summary>
    public static bool IsDefaultConflict(HttpMethod method, HttpStatusCode status) =>
        (status is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed && IsUpdate(method)) ||
        (status is HttpStatusCode.Conflict && method == HttpMethod.Post);

    public static bool IsUpdate(HttpMethod method) => method == HttpMethod.Put || method == HttpMethod.Patch || method == HttpMethod.Delete;
}
