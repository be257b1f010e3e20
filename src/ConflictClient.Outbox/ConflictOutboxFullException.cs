namespace ConflictClient.Outbox;

/// <summary>An enqueue found the outbox holding <see cref="ConflictOutboxOptions.MaxEntries"/> writes already; nothing was stored.</summary>
public sealed class ConflictOutboxFullException : InvalidOperationException
{
    /// <summary>Initializes a new instance of the <see cref="ConflictOutboxFullException"/> class.</summary>
    public ConflictOutboxFullException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ConflictOutboxFullException"/> class.</summary>
    /// <param name="message">The message.</param>
    public ConflictOutboxFullException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ConflictOutboxFullException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ConflictOutboxFullException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the limit that was reached.</summary>
    public int MaxEntries { get; init; }

    /// <summary>Creates the exception for <paramref name="maxEntries"/>.</summary>
    internal static ConflictOutboxFullException For(int maxEntries) => new(
        $"The outbox holds {maxEntries} writes waiting to be sent or resolved (ConflictOutboxOptions.MaxEntries); this write was not stored. " +
        "Let the sender drain it (the server may be unreachable), resolve parked writes (ConflictOutbox.GetParkedAsync), or raise MaxEntries.")
    {
        MaxEntries = maxEntries,
    };
}
