namespace ConflictClient.Reporting;

/// <summary>
/// The sentence after a report's headline that tells the fields apart: the ones to decide (both changed them
/// differently), the ones only I changed and the ones only they changed.
/// </summary>
internal static class ReportSummary
{
    private const int NamesShown = 3;

    public static string Append(string headline, IReadOnlyList<ConflictReportField> fields)
    {
        if (fields.Count == 0)
        {
            return headline;
        }

        var parts = new List<string>(3);
        // Open choices only while nothing was kept; after a merge, the merge settled them.
        var conflicts = fields.Where(f => f.IsConflict).ToList();
        Add(parts, conflicts.Any(f => f.Winner == ConflictFieldWinner.Undecided) ? "To decide" : "Changed by both", conflicts);
        Add(parts, "Changed only by you", fields.Where(f => f.ChangedBy == ConflictFieldChange.Mine));
        Add(parts, "Changed only by them", fields.Where(f => f.ChangedBy == ConflictFieldChange.Theirs));
        return parts.Count == 0 ? headline : $"{headline} {string.Join(". ", parts)}.";
    }

    private static void Add(List<string> parts, string title, IEnumerable<ConflictReportField> fields)
    {
        var labels = fields.Select(f => f.Label).ToList();
        if (labels.Count > 0)
        {
            var shown = string.Join(", ", labels.Take(NamesShown));
            parts.Add(labels.Count > NamesShown ? $"{title}: {shown} and {labels.Count - NamesShown} more" : $"{title}: {shown}");
        }
    }
}
