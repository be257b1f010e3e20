using Polly;

namespace ConflictClient.Conflicts;

/// <summary>The arguments of <see cref="ConflictTurns.TakeTurnAsync"/>.</summary>
public readonly struct ConflictTurnArguments
{
    /// <summary>Initializes a new instance of the <see cref="ConflictTurnArguments"/> struct.</summary>
    /// <param name="key">The key naming the resource.</param>
    /// <param name="context">The write's resilience context.</param>
    public ConflictTurnArguments(string key, ResilienceContext context)
    {
        Key = key;
        Context = context;
    }

    /// <summary>
    /// Gets the key naming the resource: the SHA-256 of its absolute URI, in lowercase hexadecimal, so nothing of the URI
    /// (a query string, user-info) leaves the process.
    /// </summary>
    public string Key { get; }

    /// <summary>Gets the write's resilience context.</summary>
    public ResilienceContext Context { get; }

    /// <summary>Gets the write's cancellation token.</summary>
    public CancellationToken CancellationToken => Context.CancellationToken;
}
