namespace ConflictClient.Benchmarks.Contention;

/// <summary>Who makes the increments: ConflictClient on default options, or a peer written as a user would without it.</summary>
public enum Contender
{
    /// <summary>ConflictClient, each writer its own client (HttpClient and handlers), defaults; <c>Reapply.UpdateAsync</c>.</summary>
    ConflictClient,

    /// <summary>ConflictClient, every writer through one shared client, defaults.</summary>
    ConflictClientShared,

    /// <summary>Kubernetes client-go's <c>retry.RetryOnConflict(retry.DefaultRetry, …)</c>: 5 tries, 10 ms apart, jitter 0.1.</summary>
    ClientGoRetryOnConflict,

    /// <summary>A Polly v8 retry around read-modify-write: exponential backoff with full jitter (base 10 ms, cap 1 s, 49 retries: the same 50 writes in all as ConflictClient's default).</summary>
    PollyFullJitter,
}

/// <summary>How each writer makes an increment.</summary>
public enum Workload
{
    /// <summary>Write from the state the writer last saw; read only after a conflict.</summary>
    FromLastState,

    /// <summary>Read, then write, every increment.</summary>
    ReadThenWrite,
}
