namespace ConflictClient.Telemetry;

/// <summary>
/// The route template of a write, where the client that made it gives one: Refit 16 puts it into every request's
/// options (<c>Refit.RelativePathTemplate</c>, such as <c>/todos/{id}</c>), a value of bounded cardinality, unlike the
/// URI, which carries ids.
/// </summary>
internal static class RouteTemplate
{
    private const string RefitTemplateKey = "Refit.RelativePathTemplate";

    public static string? Of(HttpRequestMessage request) =>
        ((IReadOnlyDictionary<string, object?>)request.Options).TryGetValue(RefitTemplateKey, out var template) ? template as string : null;
}
