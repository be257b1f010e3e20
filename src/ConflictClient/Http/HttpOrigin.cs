namespace ConflictClient.Http;

/// <summary>Origin checks: credentials copied from a write must never reach another scheme, host or port.</summary>
internal static class HttpOrigin
{
    public static bool IsSame(Uri a, Uri b) =>
        a.IsAbsoluteUri && b.IsAbsoluteUri &&
        Uri.Compare(a, b, UriComponents.SchemeAndServer, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>The URI without its query and fragment, for messages and logs (queries may carry secrets).</summary>
    public static string Redact(Uri? uri) => uri is null ? "(no URI)" : uri.IsAbsoluteUri ? uri.GetLeftPart(UriPartial.Path) : uri.OriginalString.Split('?')[0];
}
