namespace ConflictClient.Merging;

/// <summary>What a merge decided.</summary>
public enum MergeResultKind
{
    /// <summary>Write the merged value (with the current version token).</summary>
    Merged = 1,

    /// <summary>Keep the server's state; my write is not applied.</summary>
    AcceptRemote,

    /// <summary>Stop: the write fails with a <see cref="Conflicts.ConflictException"/>.</summary>
    GiveUp,
}
