using System.Text.Json.Nodes;
using ConflictClient.Reporting;

namespace ConflictClient.Conflicts;

/// <summary>
/// Builds a write's conflict report from what its progress holds: the caller's body (mine), the base of the first merge
/// (was), the server's last state (theirs) and what was kept. Never throws: a report describes a write, it must not
/// change how the write ends.
/// </summary>
internal static class ConflictReports
{
    /// <summary>The report, or null when there is nothing to compare field by field (a patch, a body that is not JSON, no conflict read).</summary>
    public static ConflictReport? Create(WriteProgress progress, string headline, bool resolved, bool outcomeKnown = true)
    {
        if (progress.IsPatch || progress.Remote is not { } remote || progress.Mine is not { } mineBody)
        {
            return null;
        }

#pragma warning disable CA1031 // A report is best effort: any failure to read the states leaves it out.
        try
        {
            if (!TryParse(mineBody, out var mine) || !TryParse(remote.Representation.Body, out var theirs))
            {
                return null;
            }

            var was = progress.Merged && TryParse(progress.FirstBase, out var baseNode) ? baseNode : null;
            JsonNode? kept = null;
            var keptKnown = resolved && TryParse(progress.Kept ?? remote.Representation.Body, out kept);
            return ConflictReport.Build(was, was is not null, mine, theirs, kept, keptKnown, headline, new ConflictReportOptions { IgnoredPaths = progress.Ignored, MineOmitsUnmodeled = progress.MineOmitsUnmodeled }, outcomeKnown);
        }
        catch (Exception)
        {
            return null;
        }
#pragma warning restore CA1031
    }

    private static bool TryParse(byte[]? utf8, out JsonNode? node)
    {
        node = null;
        if (utf8 is null)
        {
            return false;
        }

#pragma warning disable CA1031 // Malformed, too deep or duplicate names: not comparable.
        try
        {
            node = Http.UntrustedJson.ParseNode(utf8);
            return node is not null;
        }
        catch (Exception)
        {
            return false;
        }
#pragma warning restore CA1031
    }
}
