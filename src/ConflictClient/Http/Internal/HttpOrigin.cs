namespace ConflictClient.Http;

/// <summary>Origin checks: credentials copied from a write must never reach another scheme, host or port.</summary>
internal static class HttpOrigin
{
    public static bool IsSame(Uri a, Uri b) =>
        a.IsAbsoluteUri && b.IsAbsoluteUri &&
        Uri.Compare(a, b, UriComponents.SchemeAndServer, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>The URI without user-info, query and fragment, for messages and logs (they may carry secrets).</summary>
    public static string Redact(Uri? uri) =>
        uri is null ? "(no URI)"
        : uri.IsAbsoluteUri ? uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
        : uri.OriginalString.Split('?')[0];

    /// <summary>The scheme, host and port of <paramref name="uri"/>, without user-info.</summary>
    public static string Authority(Uri uri) => uri.IsAbsoluteUri ? uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped) : "(relative)";
}
