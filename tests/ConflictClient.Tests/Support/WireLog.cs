using WireMock.Logging;

namespace ConflictClient.Tests.Support;

/// <summary>Reads WireMock's request log as "METHOD path [If-Match]" lines, so tests assert what went over the wire.</summary>
public static class WireLog
{
    public static string Header(this ILogEntry entry, string name) =>
        entry.RequestMessage!.Headers?.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault() ?? string.Empty;

    public static string Line(this ILogEntry entry) =>
        $"{entry.RequestMessage!.Method} {entry.RequestMessage.Path}" +
        (entry.Header("If-Match") is { Length: > 0 } ifMatch ? $" If-Match:{ifMatch}" : string.Empty) +
        $" -> {entry.ResponseMessage!.StatusCode}";

    public static string[] Lines(this IEnumerable<ILogEntry> log) => [.. log.Select(Line)];
}
