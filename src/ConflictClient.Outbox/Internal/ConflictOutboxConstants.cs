namespace ConflictClient.Outbox.Internal;

/// <summary>The defaults of <see cref="ConflictOutboxOptions"/>, and the names the outbox shows.</summary>
internal static class ConflictOutboxConstants
{
    public const int DefaultMaxServerErrors = 10;

    /// <summary>How many outcomes wait for a reader at most; older ones are dropped (the store keeps them all).</summary>
    public const int OutcomesKept = 1024;

    /// <summary>The default database of a client: a file of its own, named after it (letters, digits, '.', '-', '_' kept).</summary>
    public static string DefaultDatabasePath(string clientName)
    {
        var name = new string([.. clientName.Split(',')[0].Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-')]);
        return $"conflict-outbox-{(name.Length > 80 ? name[^80..] : name)}.db";
    }

    public const int DefaultMaxEntries = 10_000;

    public const int DefaultMaxEntrySize = 1024 * 1024;

    public const int DefaultMaxConcurrentResources = 4;

    public static readonly TimeSpan DefaultOfflineRetryDelay = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan DefaultMaxOfflineRetryDelay = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan DefaultCompletedRetention = TimeSpan.FromDays(1);

    /// <summary>How many resources' heads a drain reads at once per concurrent send.</summary>
    public const int HeadsPerLane = 16;

    /// <summary>The header of an enqueue's answer that names the entry.</summary>
    public const string EntryIdHeader = "Outbox-Entry-Id";

    public const string TelemetryName = "ConflictClient.Outbox";

    /// <summary>The failures only a person can settle: mine and theirs differ where no rule decides.</summary>
    public static bool NeedsAPerson(Conflicts.ConflictFailureReason reason) =>
        reason is Conflicts.ConflictFailureReason.MergeUnresolved or Conflicts.ConflictFailureReason.MergeGaveUp
            or Conflicts.ConflictFailureReason.MergeFailed or Conflicts.ConflictFailureReason.Duplicate;
}
