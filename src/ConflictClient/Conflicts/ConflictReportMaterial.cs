using System.Text.Json.Nodes;
using ConflictClient.Reporting;

namespace ConflictClient.Conflicts;

/// <summary>
/// The states a write's conflict report compares, kept from its first merge on: my first body, the base it started
/// from, the server's latest state and the body the write ended with. Held privately; only field values leave it.
/// </summary>
internal sealed class ConflictReportMaterial
{
    private bool _baseRecorded;

    public byte[]? Mine { get; private set; }

    public byte[]? Base { get; private set; }

    public bool BaseKnown { get; private set; }

    public byte[]? Theirs { get; set; }

    public byte[]? Kept { get; set; }

    public IReadOnlyList<string> Ignored { get; set; } = [];

    /// <summary>Gets or sets a value indicating whether the write is a patch: its body is a change, not the document, so fields cannot be compared.</summary>
    public bool IsPatch { get; set; }

    public bool HasConflict => Theirs is not null;

    /// <summary>Keeps the body of the first conflict; later ones are merged bodies, which are not "mine".</summary>
    public void RecordMine(byte[]? mine) => Mine ??= mine;

    /// <summary>Keeps the base of the first merge; later merges are based on the server's states.</summary>
    public void RecordBase(byte[]? baseBody)
    {
        if (!_baseRecorded)
        {
            _baseRecorded = true;
            Base = baseBody;
            BaseKnown = baseBody is not null;
        }
    }

    /// <summary>
    /// Builds the report, or null when there is nothing to compare field by field (a patch, a body that is not JSON).
    /// Never throws: a report describes a write, it must not change how the write ends.
    /// </summary>
    /// <param name="headline">What happened.</param>
    /// <param name="resolved">Whether the write ended resolved (applied, or the server's state kept by choice).</param>
    /// <param name="outcomeKnown">Whether the resource's final state is known; not after an unknown outcome.</param>
    public ConflictReport? Create(string headline, bool resolved, bool outcomeKnown = true)
    {
        if (IsPatch || Theirs is null || Mine is null)
        {
            return null;
        }

#pragma warning disable CA1031 // A report is best effort: any failure to read the states leaves it out.
        try
        {
            if (!TryParse(Mine, out var mine) || !TryParse(Theirs, out var theirs))
            {
                return null;
            }

            var was = BaseKnown && TryParse(Base, out var baseNode) ? baseNode : null;
            JsonNode? kept = null;
            var keptKnown = resolved && TryParse(Kept ?? Theirs, out kept);
            return ConflictReport.Build(
                was, was is not null, mine, theirs, kept, keptKnown, headline, new ConflictReportOptions { IgnoredPaths = Ignored }, outcomeKnown);
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

#pragma warning disable CA1031 // Malformed or too deep: not comparable. (Duplicate keys throw later, inside Create's catch.)
        try
        {
            node = JsonNode.Parse(utf8);
            return node is not null;
        }
        catch (Exception)
        {
            return false;
        }
#pragma warning restore CA1031
    }
}
