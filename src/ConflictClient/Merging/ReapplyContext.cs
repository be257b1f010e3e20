namespace ConflictClient.Merging;

/// <summary>
/// The change of a <see cref="Reapply"/> call, carried to the conflict handler through the async context, so a
/// conflict on that call re-applies it to the server's latest state instead of running the client's merge strategy.
/// </summary>
internal sealed class ReapplyContext
{
    private static readonly AsyncLocal<ReapplyContext?> Ambient = new();

    private ReapplyContext(ReapplyChange change) => Change = change;

    public static ReapplyContext? Current => Ambient.Value;

    public ReapplyChange Change { get; }

    /// <summary>Gets or sets a value indicating whether a conflict handler took the change (it met a conflict).</summary>
    public bool Consumed { get; set; }

    public static Scope Begin(ReapplyChange change)
    {
        var context = new ReapplyContext(change);
        var previous = Ambient.Value;
        Ambient.Value = context;
        return new Scope(context, previous);
    }

    /// <summary>Restores the previous context when the call ends.</summary>
    internal readonly struct Scope(ReapplyContext context, ReapplyContext? previous) : IDisposable
    {
        public ReapplyContext Context => context;

        public void Dispose() => Ambient.Value = previous;
    }
}
