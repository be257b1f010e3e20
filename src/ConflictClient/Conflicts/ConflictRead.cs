using System.Text;
using ConflictClient.Json;

namespace ConflictClient.Conflicts;

/// <summary>
/// How to read the current state of what a write targets, when it is not a GET of the write's own URI: another URI, or
/// a request with a body (an RPC-style "get" such as <c>POST …:getIamPolicy</c>), and where the write's body holds that
/// state. Returned as <see cref="ConflictRequestSettings.Read"/> by <see cref="ConflictResolutionStrategyOptions.ForRequest"/>.
/// </summary>
/// <remarks>
/// PUT, PATCH and DELETE (and a POST tunnelling one of them with <c>X-HTTP-Method</c>) are read with a GET of their
/// own URI unless told otherwise. A POST has no state to read unless a read is given: a version conflict on it then
/// ends typed, never re-sent blind. A read carries the write's headers (credentials included) without its
/// preconditions, so it must stay on the write's scheme, host and port.
/// </remarks>
/// <example>
/// <code>
/// // Google IAM: POST …:setIamPolicy {"policy": {…, "etag": "…"}}; the current policy comes from POST …:getIamPolicy.
/// o.Versions.Source = VersionSource.JsonBody("/policy/etag");
/// o.ForRequest = args => args.Request.RequestUri!.AbsolutePath.EndsWith(":setIamPolicy", StringComparison.Ordinal)
///     ? new ConflictRequestSettings { Read = ConflictRead.Post(new Uri(args.Request.RequestUri.AbsolutePath.Replace(":setIamPolicy", ":getIamPolicy"), UriKind.Relative), "{}").At("/policy") }
///     : null;
/// </code>
/// </example>
public sealed class ConflictRead
{
    private ConflictRead(HttpMethod method, Uri uri, byte[]? body, string? contentType, string stateAt)
    {
        Method = method;
        Uri = uri;
        if (body is not null)
        {
            // Only set when there is one: null converts to an empty ReadOnlyMemory (through byte[]), which is a body.
            Body = body;
        }
        ContentType = contentType;
        StateAt = stateAt;
    }

    /// <summary>Gets the method of the read.</summary>
    public HttpMethod Method { get; }

    /// <summary>Gets the URI read; a relative one resolves against the write's URI.</summary>
    public Uri Uri { get; }

    /// <summary>Gets the body the read sends, or null.</summary>
    public ReadOnlyMemory<byte>? Body { get; }

    /// <summary>Gets the media type of <see cref="Body"/>.</summary>
    public string? ContentType { get; }

    /// <summary>
    /// Gets the JSON Pointer of the member of the write's body that holds the state this read returns (<c>/policy</c>
    /// for <c>{"policy": {…}}</c>); empty when the write's body is the state itself.
    /// </summary>
    public string StateAt { get; }

    /// <summary>A GET of <paramref name="uri"/>.</summary>
    /// <param name="uri">The URI to read; relative URIs resolve against the write's URI.</param>
    /// <returns>The read.</returns>
    public static ConflictRead Get(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return new ConflictRead(HttpMethod.Get, uri, null, null, string.Empty);
    }

    /// <summary>A POST of <paramref name="json"/> to <paramref name="uri"/> that answers with the current state.</summary>
    /// <param name="uri">The URI to read; relative URIs resolve against the write's URI.</param>
    /// <param name="json">The JSON body of the read (<c>{}</c> when it needs none).</param>
    /// <returns>The read.</returns>
    public static ConflictRead Post(Uri uri, string json)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(json);
        return new ConflictRead(HttpMethod.Post, uri, Encoding.UTF8.GetBytes(json), "application/json", string.Empty);
    }

    /// <summary>This read, for a write whose body holds the state at <paramref name="pointer"/>.</summary>
    /// <param name="pointer">An RFC 6901 JSON Pointer into the write's body, such as <c>/policy</c>.</param>
    /// <returns>The read.</returns>
    /// <exception cref="ArgumentException"><paramref name="pointer"/> is not a JSON Pointer to a member.</exception>
    public ConflictRead At(string pointer)
    {
        ArgumentNullException.ThrowIfNull(pointer);
        if (!JsonPointer.TryParseMember(pointer, out _, out var error))
        {
            throw new ArgumentException($"ConflictRead.At needs a JSON Pointer to a member of the write's body, such as \"/policy\": {error}.", nameof(pointer));
        }

        return new ConflictRead(Method, Uri, Body?.ToArray(), ContentType, pointer);
    }

    internal ConflictRead Resolve(Uri writeUri) =>
        Uri.IsAbsoluteUri ? this : new ConflictRead(Method, new Uri(writeUri, Uri), Body?.ToArray(), ContentType, StateAt);
}
