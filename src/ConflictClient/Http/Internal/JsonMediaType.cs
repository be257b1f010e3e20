namespace ConflictClient.Http;

/// <summary>Tells JSON media types (<c>application/json</c>, <c>application/problem+json</c>, …) from others.</summary>
internal static class JsonMediaType
{
    public static bool Is(string? mediaType) =>
        mediaType is not null && (mediaType.EndsWith("/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}
