namespace ConflictClient.Merging;

/// <summary>The answer of a custom merge: a merged value to write, accept the server's state, or give up.</summary>
/// <typeparam name="T">The resource type.</typeparam>
public readonly struct MergeResult<T>
{
    private MergeResult(MergeResultKind kind, T? value, string? reason)
    {
        Kind = kind;
        Value = value;
        Reason = reason;
    }

    /// <summary>Gets what the merge decided. A <see langword="default"/> result has no kind and fails the write.</summary>
    public MergeResultKind Kind { get; }

    /// <summary>Gets the merged value, when <see cref="Kind"/> is <see cref="MergeResultKind.Merged"/>.</summary>
    public T? Value { get; }

    /// <summary>Gets why the merge gave up, when it did.</summary>
    public string? Reason { get; }

    /// <summary>Write <paramref name="value"/>; the current version token is applied to it.</summary>
    /// <param name="value">The merged value.</param>
    /// <returns>The result.</returns>
    public static MergeResult<T> Merged(T value) => new(MergeResultKind.Merged, value, null);

    /// <summary>Keep the server's state: the write is not applied and the caller receives the server's representation.</summary>
    /// <returns>The result.</returns>
    public static MergeResult<T> AcceptRemote() => new(MergeResultKind.AcceptRemote, default, null);

    /// <summary>Stop and fail the write with a <see cref="Conflicts.ConflictException"/> carrying the server's state.</summary>
    /// <param name="reason">Why, for the exception's message.</param>
    /// <returns>The result.</returns>
    public static MergeResult<T> GiveUp(string? reason = null) => new(MergeResultKind.GiveUp, default, reason);
}
