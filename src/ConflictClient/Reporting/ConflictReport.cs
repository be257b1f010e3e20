using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConflictClient.Reporting;

/// <summary>
/// What happened in a conflict, in words a person reads: a headline (was my change saved?) and, per field someone
/// changed, what it was, what I wrote, what they wrote and what was kept. It holds short display values only, never
/// whole bodies, and hides the values of sensitive fields. Get one from <see cref="Conflicts.ConflictException.Report"/>
/// or <c>ConflictWriteResult.Report</c>, or build one with <see cref="Create"/>.
/// </summary>
public sealed class ConflictReport
{
    // Shown to people, never put into HTML or a request: letters stay letters ("Tromsø", not "Troms\u00F8").
    private static readonly JsonSerializerOptions DisplayJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal ConflictReport(string headline, IReadOnlyList<ConflictReportField> fields, int omittedFields, bool baseKnown)
    {
        Headline = headline;
        Fields = fields;
        OmittedFields = omittedFields;
        BaseKnown = baseKnown;
    }

    /// <summary>Gets one sentence saying what happened, such as "Saved: your changes were combined with theirs."</summary>
    public string Headline { get; }

    /// <summary>Gets the fields someone changed (at most <see cref="ConflictReportOptions.MaxFields"/>).</summary>
    public IReadOnlyList<ConflictReportField> Fields { get; }

    /// <summary>Gets the fields both sides changed to different values: the ones to ask a person about.</summary>
    public IReadOnlyList<ConflictReportField> Conflicts => [.. Fields.Where(f => f.IsConflict)];

    /// <summary>Gets how many changed fields were left out of <see cref="Fields"/>.</summary>
    public int OmittedFields { get; }

    /// <summary>Gets a value indicating whether the state both sides started from was known (else "was" is unknown).</summary>
    public bool BaseKnown { get; }

    /// <summary>Compares four states of a JSON document field by field.</summary>
    /// <param name="was">The state both sides started from; null when unknown.</param>
    /// <param name="mine">The state this client wrote.</param>
    /// <param name="theirs">The state the server had at the conflict.</param>
    /// <param name="kept">The state the resource ended with; null when the write was not applied.</param>
    /// <param name="headline">The sentence saying what happened; null for one that counts the fields.</param>
    /// <param name="options">What to show; <see cref="ConflictReportOptions.Default"/> when null.</param>
    /// <returns>The report.</returns>
    public static ConflictReport Create(JsonNode? was, JsonNode? mine, JsonNode? theirs, JsonNode? kept, string? headline = null, ConflictReportOptions? options = null) =>
        Build(was, was is not null, mine, theirs, kept, kept is not null, headline, options ?? ConflictReportOptions.Default, outcomeKnown: true);

    /// <summary>Gets the headline and one line per field, for a log a person reads or a console.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var text = new StringBuilder(Headline);
        foreach (var field in Fields)
        {
            text.Append('\n').Append("- ").Append(field);
        }

        if (OmittedFields > 0)
        {
            text.Append('\n').Append($"- and {OmittedFields} more field(s).");
        }

        return text.ToString();
    }

    internal static ConflictReport Build(JsonNode? was, bool wasKnown, JsonNode? mine, JsonNode? theirs, JsonNode? kept, bool applied, string? headline, ConflictReportOptions options, bool outcomeKnown)
    {
        var wasLeaves = JsonLeaves.Of(was, wasKnown);
        var mineLeaves = JsonLeaves.Of(mine, present: true);
        var theirsLeaves = JsonLeaves.Of(theirs, present: true);
        var keptLeaves = JsonLeaves.Of(applied ? kept : theirs, present: true);
        var paths = wasLeaves.Keys.Union(mineLeaves.Keys).Union(theirsLeaves.Keys).Union(keptLeaves.Keys)
            .Where(path => !options.IgnoredPaths.Any(ignored => path == ignored || path.StartsWith(ignored + "/", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal);

        var fields = new List<ConflictReportField>();
        var omitted = 0;
        foreach (var path in paths)
        {
            var (hasWas, wasValue) = Find(wasLeaves, path);
            var (hasMine, mineValue) = Find(mineLeaves, path);
            var (hasTheirs, theirsValue) = Find(theirsLeaves, path);
            var (hasKept, keptValue) = Find(keptLeaves, path);
            var unmodeled = !hasMine && options.MineOmitsUnmodeled;
            var mineChanged = !unmodeled && (wasKnown ? !Same(hasWas, wasValue, hasMine, mineValue) : !Same(hasMine, mineValue, hasTheirs, theirsValue));
            var theirsChanged = wasKnown ? !Same(hasWas, wasValue, hasTheirs, theirsValue) : mineChanged;
            if (!mineChanged && !theirsChanged)
            {
                continue;
            }

            if (fields.Count >= options.MaxFields)
            {
                omitted++;
                continue;
            }

            var sensitive = IsSensitive(path, options);
            var winner = !applied ? ConflictFieldWinner.Undecided
                : Same(hasMine, mineValue, hasTheirs, theirsValue) ? ConflictFieldWinner.Both
                : Same(hasKept, keptValue, hasMine, mineValue) ? ConflictFieldWinner.Mine
                : Same(hasKept, keptValue, hasTheirs, theirsValue) ? ConflictFieldWinner.Theirs
                : ConflictFieldWinner.Combined;
            fields.Add(new ConflictReportField(
                path,
                Label(path),
                Show(hasWas, wasValue, sensitive, options),
                Show(hasMine, mineValue, sensitive, options),
                Show(hasTheirs, theirsValue, sensitive, options),
                outcomeKnown ? Show(hasKept, keptValue, sensitive, options) : null,
                winner,
                mineChanged && theirsChanged ? ConflictFieldChange.Both : mineChanged ? ConflictFieldChange.Mine : ConflictFieldChange.Theirs,
                IsConflict: mineChanged && theirsChanged && !Same(hasMine, mineValue, hasTheirs, theirsValue)));
        }

        var conflicts = fields.Count(f => f.IsConflict);
        headline ??= $"Someone else changed this while you were editing: {fields.Count + omitted} field(s) changed, {conflicts} changed by both of you.";
        return new ConflictReport(ReportSummary.Append(headline, fields), fields, omitted, wasKnown);
    }

    private static (bool Present, JsonNode? Value) Find(Dictionary<string, JsonNode?> leaves, string path) =>
        leaves.TryGetValue(path, out var value) ? (true, value) : (false, null);

    private static bool Same(bool hasA, JsonNode? a, bool hasB, JsonNode? b) => hasA == hasB && (!hasA || JsonNode.DeepEquals(a, b));

    private static bool IsSensitive(string path, ConflictReportOptions options) =>
        options.SensitiveWords.Any(word => path.Contains(word, StringComparison.OrdinalIgnoreCase));

    private static string? Show(bool present, JsonNode? value, bool sensitive, ConflictReportOptions options)
    {
        if (!present)
        {
            return null;
        }

        if (sensitive)
        {
            return "(hidden)";
        }

        // Inside a list or an object, members with sensitive names are hidden too ({"users":[{"password":…}]}).
        var text = Printable((value is JsonObject or JsonArray ? Redact(value, options) : value)?.ToJsonString(DisplayJson) ?? "null");
        return text.Length <= options.MaxValueLength ? text : string.Concat(text.AsSpan(0, Math.Max(1, options.MaxValueLength - 1)), "…");
    }

    private static JsonNode? Redact(JsonNode? node, ConflictReportOptions options)
    {
        switch (node)
        {
            case JsonObject obj:
                var redacted = new JsonObject();
                foreach (var (name, child) in obj)
                {
                    redacted[name] = options.SensitiveWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase)) ? "(hidden)" : Redact(child, options);
                }

                return redacted;
            case JsonArray array:
                return new JsonArray([.. array.Select(item => Redact(item, options))]);
            default:
                return node?.DeepClone();
        }
    }

    // Names and values come from the server: no control character (a terminal escape, a new line) reaches a log or a screen.
    private static string Printable(string text) =>
        text.Any(char.IsControl) ? string.Concat(text.Select(c => char.IsControl(c) ? '\uFFFD' : c)) : text;

    private static string Label(string path) =>
        path.Length == 0 ? "(the whole value)" : Printable(string.Join(" › ", path[1..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))));
}
