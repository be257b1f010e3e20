namespace ConflictClient.Reporting;

/// <summary>
/// One field that someone changed, in words a person reads: what it was, what I wrote, what they wrote, and what was
/// kept. Values are shown as short JSON text; values of sensitive fields are replaced by <c>(hidden)</c>.
/// </summary>
/// <param name="Path">The field's JSON Pointer, such as <c>/address/city</c>.</param>
/// <param name="Label">The field's name for people, such as <c>address › city</c>.</param>
/// <param name="Was">The value both sides started from; null when the base is not known or the field did not exist.</param>
/// <param name="Mine">The value this client wrote; null when it removed the field or did not have it.</param>
/// <param name="Theirs">The value the server had at the conflict; null when it had no such field.</param>
/// <param name="Kept">The value the resource ended with; for a write that was not applied, the server's; null when the outcome is unknown.</param>
/// <param name="Winner">Whose value was kept.</param>
/// <param name="ChangedBy">Who changed the field: only me, only them, or both (the only kind there is something to decide about).</param>
/// <param name="IsConflict">Whether both sides changed the field to different values.</param>
public sealed record ConflictReportField(string Path, string Label, string? Was, string? Mine, string? Theirs, string? Kept, ConflictFieldWinner Winner, ConflictFieldChange ChangedBy, bool IsConflict)
{
    /// <summary>
    /// Gets the field as one line a person reads: <c>email: you changed it to "b@x" (was "a@x"); kept yours.</c>,
    /// <c>name: they changed it to "Ann Lee-Smith" (was "Ann Lee").</c>, or, for a field both changed,
    /// <c>phone: you wrote "555-0199", they wrote "555-0123" (was "555-0100"); to decide.</c>
    /// </summary>
    /// <returns>The line.</returns>
    public override string ToString()
    {
        var was = Was is null ? string.Empty : $" (was {Was})";
        return ChangedBy switch
        {
            ConflictFieldChange.Mine => $"{Label}: you changed it to {Show(Mine)}{was}{(Winner == ConflictFieldWinner.Mine ? "; kept yours." : Winner == ConflictFieldWinner.Undecided ? "; nobody else changed it." : Ending())}",
            ConflictFieldChange.Theirs => $"{Label}: they changed it to {Show(Theirs)}{was}{(Winner == ConflictFieldWinner.Theirs ? "; kept theirs." : Winner == ConflictFieldWinner.Undecided ? "; you did not change it." : Ending())}",
            _ when !IsConflict => $"{Label}: you both changed it to {Show(Mine)}{was}.",
            _ => $"{Label}: you wrote {Show(Mine)}, they wrote {Show(Theirs)}{was}{Ending()}",
        };
    }

    private string Ending() => Winner switch
    {
        ConflictFieldWinner.Mine => "; kept yours.",
        ConflictFieldWinner.Theirs => "; kept theirs.",
        ConflictFieldWinner.Both => "; you agree.",
        ConflictFieldWinner.Combined => $"; combined: {Show(Kept)}.",
        _ => "; to decide.",
    };

    private static string Show(string? value) => value ?? "nothing";
}
