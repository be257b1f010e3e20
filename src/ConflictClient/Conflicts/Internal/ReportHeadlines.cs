namespace ConflictClient.Conflicts;

/// <summary>What happened to a write that met a conflict, in one sentence a person reads.</summary>
internal static class ReportHeadlines
{
    public static string For(ConflictOutcome outcome) => outcome switch
    {
        ConflictOutcome.WrittenAfterConflict => "Saved after a conflict: someone else changed this while you were editing. Each field below says whose value was kept.",
        ConflictOutcome.ServerWon => "Not saved. Someone else changed this while you were editing, and their version was kept.",
        ConflictOutcome.Unchanged => "Nothing to save: their latest version already has your change.",
        ConflictOutcome.MergedIntoExisting => "Saved. It existed already; your change was merged into it.",
        ConflictOutcome.Adopted => "Not created: it existed already, and the existing one was kept.",
        _ => "Saved.",
    };

    public static string For(ConflictFailureReason reason, string? serverMessage) => reason switch
    {
        ConflictFailureReason.MergeUnresolved or ConflictFailureReason.MergeGaveUp =>
            "Not saved. Someone else changed some of the fields you changed, to other values; choose which values to keep for those.",
        ConflictFailureReason.AttemptsExhausted =>
            "Not saved. This kept changing while your change was being saved; try again.",
        ConflictFailureReason.OutcomeUnknown =>
            "It is not known whether your change was saved. Check the current version before trying again.",
        ConflictFailureReason.BusinessRule =>
            $"Not saved. The server refused the change{(serverMessage is { Length: > 0 } ? $": {Cut(serverMessage)}" : ".")}",
        ConflictFailureReason.Duplicate => "Not saved: it exists already.",
        _ => "Not saved. Someone else changed this while you were editing, and your change could not be combined with theirs.",
    };

    // A server's message is meant for people, but may be long: the report keeps a sentence's worth of it.
    private static string Cut(string message) => Http.SafeText.Of(message);
}
