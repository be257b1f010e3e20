using System.Net;

namespace ConflictClient.Http;

/// <summary>
/// Follows redirects in place of the primary handler (whose automatic redirects <see cref="DisableAutoRedirect"/>
/// turns off), so that credentials never reach another origin: a redirect on the same origin is followed; one to
/// another origin is returned as it is. Every handler of the client, and the primary handler's own credentials, would
/// otherwise authenticate the hop there, and a re-fetch or retry carries the write's headers.
/// </summary>
internal static class RedirectPolicy
{
    /// <summary>As many hops as <c>SocketsHttpHandler</c> follows by default.</summary>
    public const int MaxRedirects = 50;

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
    /// The request for the next hop, or null when this redirect is not followed: another origin, HTTPS to HTTP, or a
    /// body that cannot be sent again.
    /// </summary>
    public static HttpRequestMessage? NextHop(HttpRequestMessage request, HttpResponseMessage response, Uri target)
    {
        var from = request.RequestUri!;
        if (!HttpOrigin.IsSame(from, target))
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
            next.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        foreach (var option in request.Options)
        {
            next.Options.Set(new HttpRequestOptionsKey<object?>(option.Key), option.Value);
        }

        if (!toGet && request.Content is ReplayContent replay)
        {
            // The hop's sends count as sends of the message it came from: a resend of the hop is a resend of the write.
            var content = new ReplayContent(replay.Body, replay);
            foreach (var header in replay.Headers.NonValidated)
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            next.Content = content;
        }

        return next;
    }
}
