namespace ConflictClient.Merging;

/// <summary>
/// Applies a batch of changes, in order, to the server's latest state; the state after each change is kept, so each
/// caller can be given the state its own change produced. A batch of one is a plain re-apply.
/// </summary>
/// <remarks>
/// With <paramref name="isolateFailures"/>, a change that throws is skipped (the others still apply) and its failure
/// kept for its own caller: one caller's faulty change must not fail the others in its batch.
/// </remarks>
internal sealed class ReapplyBatchMergeStrategy(IReadOnlyList<ReapplyChange> changes, bool isolateFailures = false) : MergeStrategy
{
    /// <summary>Gets the failure of each change in the last application, when failures are isolated.</summary>
    public IReadOnlyList<Exception?> Failures { get; private set; } = [];

    /// <summary>Gets the state after each change, from the last application (the one written, when a write succeeds).</summary>
    public IReadOnlyList<byte[]> States { get; private set; } = [];

    /// <summary>Gets which changes did something in the last application.</summary>
    public IReadOnlyList<bool> Changed { get; private set; } = [];

    /// <summary>Applies every change in order to <paramref name="start"/>; returns the final state, or null when none changed anything.</summary>
    public byte[]? ApplyAll(byte[] start)
    {
        var states = new byte[changes.Count][];
        var changed = new bool[changes.Count];
        var failures = new Exception?[changes.Count];
        var current = start;
        for (var i = 0; i < changes.Count; i++)
        {
            try
            {
                if (changes[i].Apply(current) is { } next)
                {
                    current = next;
                    changed[i] = true;
                }
            }
#pragma warning disable CA1031 // Isolated: the failure goes to that change's caller alone.
            catch (Exception e) when (isolateFailures)
#pragma warning restore CA1031
            {
                failures[i] = e;
            }

            states[i] = current;
        }

        (States, Changed, Failures) = (states, changed, failures);
        return Array.IndexOf(changed, true) >= 0 ? current : null;
    }

    internal override ValueTask<MergeDecision> MergeAsync(MergeInput input)
    {
        // The changes deserialize the state with the caller's serializer, which would take the last of duplicate members.
        input.CheckRemote();
        return ValueTask.FromResult(ApplyAll(input.Remote.Body) is { } merged ? MergeDecision.WriteBytes(merged) : MergeDecision.Unchanged());
    }
}
