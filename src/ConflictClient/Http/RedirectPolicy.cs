using System.Net;

namespace ConflictClient.Http;

/// <summary>
/// Follows redirects in place of the primary handler (whose automatic redirects <see cref="DisableAutoRedirect"/>
/// turns off), so that credentials never reach another origin: a redirect on the same origin is followed as is; one
/// to another origin is followed only for the caller's own request and without credentials (Authorization, cookies,
/// API keys and tokens), and never for a request the strategy made (a re-fetch or a retry carries the write's headers).
/// </summary>
internal static class RedirectPolicy
{
    /// <summary>As many hops as <c>SocketsHttpHandler</c> follows by default.</summary>
    public const int MaxRedirects = 50;

    private static readonly string[] CredentialWords = ["auth", "cookie", "key", "token", "secret", "session", "signature", "password", "credential"];

    /// <summary>Turns off automatic redirects on a client's primary handler, when it is one of the in-box handlers.</summary>
    public static void DisableAutoRedirect(HttpMessageHandler handler)
    {
        switch (handler)
        {
            case SocketsHttpHandler sockets:
                sockets.AllowAutoRedirect = false;
                break;
            case HttpClientHandler client:
                client.AllowAutoRedirect = false;
                break;
        }
    }

    /// <summary>Whether <paramref name="response"/> is a redirect this policy follows, and where to.</summary>
    public static bool TryGetTarget(HttpResponseMessage response, out Uri target)
    {
        target = null!;
        if (response.StatusCode is not (HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther or
            HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect) ||
            response.Headers.Location is not { } location || response.RequestMessage?.RequestUri is not { } from)
        {
            return false;
        }

        target = location.IsAbsoluteUri ? location : new Uri(from, location);
        return target.Scheme == Uri.UriSchemeHttp || target.Scheme == Uri.UriSchemeHttps;
    }

    /// <summary>
    /// The request for the next hop, or null when this redirect is not followed: another origin for a request the
    /// strategy made, HTTPS to HTTP, or a body that cannot be sent again.
    /// </summary>
    public static HttpRequestMessage? NextHop(HttpRequestMessage request, HttpResponseMessage response, Uri target, bool callersOwn)
    {
        var from = request.RequestUri!;
        var sameOrigin = HttpOrigin.IsSame(from, target);
        if ((!sameOrigin && !callersOwn) || (from.Scheme == Uri.UriSchemeHttps && target.Scheme == Uri.UriSchemeHttp))
        {
            return null;
        }

        // As browsers and SocketsHttpHandler: 303 (and 301/302 after a POST) turn into a GET without a body.
        var toGet = response.StatusCode == HttpStatusCode.SeeOther && request.Method != HttpMethod.Head ||
            response.StatusCode is HttpStatusCode.MovedPermanently or HttpStatusCode.Found && request.Method == HttpMethod.Post;
        if (!toGet && request.Content is not (null or ReplayContent))
        {
            return null;
        }

        var next = new HttpRequestMessage(toGet ? HttpMethod.Get : request.Method, target) { Version = request.Version, VersionPolicy = request.VersionPolicy };
        foreach (var header in request.Headers.NonValidated)
        {
            if (sameOrigin || !IsCredential(header.Key))
            {
                next.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        foreach (var option in request.Options)
        {
            next.Options.Set(new HttpRequestOptionsKey<object?>(option.Key), option.Value);
        }

        if (!toGet && request.Content is ReplayContent replay)
        {
            var content = new ReplayContent(replay.Body);
            foreach (var header in replay.Headers.NonValidated)
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            next.Content = content;
        }

        return next;
    }

    /// <summary>Whether a header may carry a credential, so it never goes to another origin.</summary>
    public static bool IsCredential(string name) => CredentialWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase));
}
