using System.Text.RegularExpressions;

namespace ConflictClient.Http;

/// <summary>
/// Text from elsewhere (an inner exception's message, a handler's error) made fit for a <see cref="Exception.Message"/>
/// or a log: URIs lose their user-info and query string, credentials after a header name or key are hidden, control
/// characters become spaces, and the whole is cut to a sentence's length.
/// </summary>
internal static partial class SafeText
{
    private const int MaxLength = 300;

    public static string Of(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var safe = UriPattern().Replace(text, match => Uri.TryCreate(match.Value, UriKind.Absolute, out var uri) ? HttpOrigin.Redact(uri) : "(a URI)");
        safe = CredentialPattern().Replace(safe, match => $"{match.Groups["name"].Value}{match.Groups["sep"].Value}(hidden)");
        safe = SchemePattern().Replace(safe, match => $"{match.Groups["scheme"].Value} (hidden)");
        var chars = safe.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsControl(chars[i]) || char.IsSurrogate(chars[i]))
            {
                chars[i] = ' ';
            }
        }

        safe = new string(chars);
        return safe.Length <= MaxLength ? safe : string.Concat(safe.AsSpan(0, MaxLength - 1), "…");
    }

    [GeneratedRegex(@"\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^\s""'<>()\[\]{}]+", RegexOptions.CultureInvariant)]
    private static partial Regex UriPattern();

    // "Authorization: Bearer x", "api_key=x", "password: x": the value after a credential's name.
    [GeneratedRegex(@"(?<name>\b(?:authorization|proxy-authorization|cookie|set-cookie|x-api-key|api[-_]?key|apikey|access[-_]?token|token|secret|password|sig|signature))(?<sep>\s*[:=]\s*)(?:bearer\s+|basic\s+)?[^\s,;&""']+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex CredentialPattern();

    // "Bearer eyJ…", "Basic dXNlcjpw…" on their own.
    [GeneratedRegex(@"\b(?<scheme>bearer|basic)\s+[A-Za-z0-9\-._~+/]{8,}=*", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SchemePattern();
}
