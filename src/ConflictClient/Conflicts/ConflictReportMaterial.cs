using System.Text.Json;
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

    public ConflictReport? Create(string headline, bool resolved)
    {
        if (Theirs is null || Mine is null)
        {
            return null;
        }

        return ConflictReport.Build(
            TryParse(Base), BaseKnown, TryParse(Mine), TryParse(Theirs), TryParse(resolved ? Kept ?? Theirs : null), resolved, headline,
            new ConflictReportOptions { IgnoredPaths = Ignored });
    }

    private static JsonNode? TryParse(byte[]? utf8)
    {
        if (utf8 is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(utf8);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
