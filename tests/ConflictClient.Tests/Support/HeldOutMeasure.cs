using System.Globalization;
using System.Text;
using ConflictClient.Conflicts;
using Polly;

namespace ConflictClient.Tests.Support;

/// <summary>
/// What the library does with each held-out conflict response (issue "Right about APIs it has never seen"): whether the
/// default predicate handles it, what it is classified as, and whether that is the right action or a dangerous one.
/// </summary>
/// <remarks>
/// Right: the kind is the one recorded; a "contention" response (run again from a fresh read) is right when it is
/// re-read and merged (a version conflict) or classified as contention; a business rule or an unknown response the
/// defaults leave unhandled is passed to the caller as the server's error, which is right too. Dangerous: a version
/// conflict (or contention) that is not re-read and resolved, or anything else that is sent again.
/// </remarks>
internal static class HeldOutMeasure
{
    public static HeldOutReport Run(IReadOnlyList<System.Text.Json.JsonElement> records, bool versionSourceConfigured, bool refusedCreatesOptedIn = false)
    {
        var report = new HeldOutReport();
        foreach (var record in records)
        {
            using var recorded = RecordedConflict.Of(record);
            string got;
            try
            {
                got = Classify(recorded, versionSourceConfigured, refusedCreatesOptedIn);
            }
#pragma warning disable CA1031 // A crash is a result of the measurement.
            catch (Exception e)
#pragma warning restore CA1031
            {
                got = $"crash {e.GetType().Name}";
            }

            report.Add(recorded, got);
        }

        return report;
    }

    private static string Classify(RecordedConflict recorded, bool versionSourceConfigured, bool refusedCreatesOptedIn)
    {
        var args = recorded.Arguments(ResilienceContextPool.Shared.Get());
        if (!versionSourceConfigured && recorded.Versioned is "body" or "query" && !WriteRequests.HasVersionHeader(recorded.Request))
        {
            // On defaults (ETag), a version in the body or the query is not seen: the write is unconditional.
            args = new ConflictClassificationArguments(args.Context, args.Request, args.StatusCode, args.Problem, args.HasRetryAfter, isConditional: false, args.ServerError, args.IsCreateOnly);
        }

        // Opted in as README shows: ShouldHandle = args => new(args.IsDefaultConflict || args.IsRefusedCreate).
        var refusedCreate = refusedCreatesOptedIn && WriteRequests.EffectiveMethod(recorded.Request) == HttpMethod.Post && recorded.Status == System.Net.HttpStatusCode.BadRequest;
        if (!WriteRequests.IsDefaultConflict(recorded.Request, recorded.Status, args.IsConditional, args.IsCreateOnly) && !refusedCreate)
        {
            return "NotHandled";
        }

        var verdict = ConflictClassifier.Decide(args, []);
        var kind = verdict.Kind;
        if (kind == ConflictKind.VersionConflict && ProbeFindsUnchanged(recorded))
        {
            // The probe: the version the write carried is still current, so it is not a version conflict after all.
            kind = verdict.IfUnchanged ?? ConflictKind.BusinessRule;
            if (verdict.IfUnchanged is null)
            {
                return "VersionUnchanged";
            }
        }

        // A 400 or 422 that is none of ours reaches the caller as the server sent it.
        return WriteRequests.IsMaybeConflict(recorded.Status) && kind is ConflictKind.BusinessRule or ConflictKind.Unknown ? "NotHandled" : kind.ToString();
    }

    /// <summary>
    /// What the probe finds: the version the write carried is still the current one. A record says so with
    /// <c>versionChanged: false</c>, but that also covers a version that was never valid (a list's etag, a weakened copy
    /// of a strong tag), which differs from the current one: the probe sees it changed, and the write is re-sent with the
    /// current version, as the record says a correct client does. So unchanged means: nothing moved, and either the
    /// record is not a version conflict, or the write's If-Match is the current ETag (the one the answer carries, or,
    /// when it carries none, a weak tag, which a strong comparison never matches).
    /// </summary>
    private static bool ProbeFindsUnchanged(RecordedConflict recorded)
    {
        if (recorded.VersionChanged != false)
        {
            return false;
        }

        if (recorded.ExpectedText != "VersionConflict")
        {
            return true;
        }

        if (!recorded.Request.Headers.NonValidated.TryGetValues("If-Match", out var sent))
        {
            return false;
        }

        return recorded.Response.Headers.NonValidated.TryGetValues("ETag", out var current)
            ? current.ToString() == sent.ToString()
            : sent.ToString().StartsWith("W/", StringComparison.Ordinal);
    }

    internal static string Action(string kind) => kind switch
    {
        "VersionConflict" or "Contention" => "resolve",
        "VersionUnchanged" => "fail typed",
        "PreconditionRequired" => "resolve once",
        "InFlight" => "wait, re-send",
        "Duplicate" => "duplicate policy",
        "NotHandled" => "pass through",
        _ when kind.StartsWith("crash", StringComparison.Ordinal) => "crash",
        _ => "fail typed",
    };
}

/// <summary>The held-out measurement's figures and its per-case table.</summary>
internal sealed class HeldOutReport
{
    private readonly List<(string Api, string Scenario, int Status, string Versioned, string Expected, string Got, bool Right, bool Dangerous)> _rows = [];

    public int Count => _rows.Count;

    public int Right => _rows.Count(r => r.Right);

    public int Dangerous => _rows.Count(r => r.Dangerous);

    public int Crashes => _rows.Count(r => r.Got.StartsWith("crash", StringComparison.Ordinal));

    public int VersionConflictsNotResolved => _rows.Count(r => r.Expected is "VersionConflict" && HeldOutMeasure.Action(r.Got) != "resolve");

    public void Add(RecordedConflict recorded, string got)
    {
        var expected = recorded.ExpectedText;
        var (expectedAction, action) = (HeldOutMeasure.Action(expected), HeldOutMeasure.Action(got));
        var right = got == expected || (expected == "Contention" && action == "resolve") ||
            (expected is "BusinessRule" or "Unknown" && action is "pass through");
        var dangerous = expectedAction == "resolve" ? action != "resolve" : action is "resolve" or "resolve once" or "wait, re-send" && expectedAction is not ("resolve once" or "wait, re-send");
        _rows.Add((recorded.Api, recorded.Record.GetProperty("scenario").GetString()!, (int)recorded.Status, recorded.Versioned, expected, got, right, dangerous));
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Right}/{Count} right ({100.0 * Right / Count:F1} %), {Dangerous} dangerous ({VersionConflictsNotResolved} version conflicts not resolved), {Crashes} crashes");

    /// <summary>The per-case table, in Markdown.</summary>
    public string ToMarkdown()
    {
        var table = new StringBuilder("| API | Scenario | Status | Version | Expected | Got | |\n| --- | --- | ---: | --- | --- | --- | --- |\n");
        foreach (var row in _rows)
        {
            table.Append(CultureInfo.InvariantCulture, $"| {row.Api} | {row.Scenario.Replace("|", "/", StringComparison.Ordinal)} | {row.Status} | {row.Versioned} | {row.Expected} | {row.Got} | {(row.Dangerous ? "dangerous" : row.Right ? "right" : "wrong")} |\n");
        }

        return table.ToString();
    }
}
