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
/// <param name="IsConflict">Whether both sides changed the field to different values.</param>
public sealed record ConflictReportField(string Path, string Label, string? Was, string? Mine, string? Theirs, string? Kept, ConflictFieldWinner Winner, bool IsConflict)
{
    /// <summary>Gets the field as one line a person reads, such as <c>title: you wrote "A", they wrote "B" (was "X"); kept theirs.</c></summary>
    /// <returns>The line.</returns>
    public override string ToString()
    {
        var was = Was is null ? string.Empty : $" (was {Was})";
        var kept = Winner switch
        {
            ConflictFieldWinner.Mine => "kept yours",
            ConflictFieldWinner.Theirs => "kept theirs",
            ConflictFieldWinner.Both => "you agree",
            ConflictFieldWinner.Combined => $"combined: {Show(Kept)}",
            _ => "not decided",
        };
        return $"{Label}: you wrote {Show(Mine)}, they wrote {Show(Theirs)}{was}; {kept}.";
    }

    private static string Show(string? value) => value ?? "nothing";
}
