using System.Net;
using System.Text.Json;
using ConflictClient.Conflicts;

using ConflictClient.Http;

namespace ConflictClient.Profiles;

/// <summary>The pieces profiles are made of: extra statuses, server-managed paths, locators of what a create met.</summary>
internal static class ProfileParts
{
    /// <summary>Also handles <paramref name="statuses"/> to writes, on top of what the options handled before.</summary>
    public static void Handle(ConflictResolutionStrategyOptions options, params HttpStatusCode[] statuses)
    {
        var previous = options.ShouldHandle;
        options.ShouldHandle = args =>
            Array.IndexOf(statuses, args.Response.StatusCode) >= 0 && args.Request.Method != HttpMethod.Get ? new ValueTask<bool>(true) : previous(args);
    }

    /// <summary>Google IAM: a <c>…:setIamPolicy</c> POST is read with the <c>…:getIamPolicy</c> POST beside it.</summary>
    public static ConflictRequestSettings? IamPolicyRead(HttpRequestMessage request)
    {
        const string Set = ":setIamPolicy";
        var path = request.RequestUri!.AbsolutePath;
        if (request.Method != HttpMethod.Post || !path.EndsWith(Set, StringComparison.Ordinal))
        {
            return null;
        }

        var read = new UriBuilder(request.RequestUri) { Path = string.Concat(path.AsSpan(0, path.Length - Set.Length), ":getIamPolicy") }.Uri;
        return new ConflictRequestSettings { Read = ConflictRead.Post(read, "{}").At("/policy") };
    }

    public static void ServerManaged(ConflictResolutionStrategyOptions options, params string[] paths)
    {
        foreach (var path in paths)
        {
            options.Versions.ServerManagedPaths.Add(path);
        }
    }

    /// <summary>
    /// Where a POST's resource lives, from members of its body: the collection's URI, then what they make (after
    /// <paramref name="separator"/>), the query string (a SAS, an api-version) kept. Null when the body lacks them.
    /// </summary>
    public static Uri? Locate(ExistingResourceArguments args, Func<JsonElement, string?> child, string separator)
    {
        // A PUT names its resource itself: only a POST's lives where its body says.
        if (args.Method != HttpMethod.Post)
        {
            return null;
        }

        try
        {
            using var body = JsonDocument.Parse(args.RequestBody);
            if (body.RootElement.ValueKind != JsonValueKind.Object || child(body.RootElement) is not { Length: > 0 } name || name is "." or "..")
            {
                return null;
            }

            var builder = new UriBuilder(args.RequestUri);
            builder.Path = builder.Path.TrimEnd('/') + separator + (separator == "/" ? Uri.EscapeDataString(name) : name);
            return builder.Uri;
        }
        catch (Exception e) when (UntrustedJson.IsReadFailure(e))
        {
            return null;
        }
    }

    /// <summary>An OData key literal's content: quotes doubled, then escaped for a URI path.</summary>
    public static string ODataKey(string value) => Uri.EscapeDataString(value.Replace("'", "''", StringComparison.Ordinal));

    public static string? String(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }
}
