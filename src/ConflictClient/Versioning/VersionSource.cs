using System.Text.Json.Nodes;
using ConflictClient.Http;

namespace ConflictClient.Versioning;

/// <summary>
/// Where a resource's version lives: in the <c>ETag</c> / <c>If-Match</c> headers, or in a field of the JSON body.
/// </summary>
public abstract class VersionSource
{
    private protected VersionSource()
    {
    }

    /// <summary>
    /// Gets the header source: the version is the response's <c>ETag</c>, sent back verbatim in <c>If-Match</c>.
    /// </summary>
    public static VersionSource ETag { get; } = new ETagVersionSource();

    /// <summary>
    /// A version field inside the JSON body, addressed by a JSON Pointer (RFC 6901), such as <c>/version</c>,
    /// <c>/_rev</c> or <c>/metadata/resourceVersion</c>. It is read from the current representation and written
    /// into the body that is re-sent; numbers and strings are both kept as they are.
    /// </summary>
    /// <param name="pointer">The JSON Pointer of the version field.</param>
    /// <param name="sendIfMatch">Also send the current representation's <c>ETag</c> in <c>If-Match</c> when retrying.</param>
    /// <returns>The version source. A malformed pointer is reported when the options are validated (at start-up).</returns>
    public static VersionSource JsonBody(string pointer, bool sendIfMatch = false) => new JsonBodyVersionSource(pointer, sendIfMatch);

    /// <summary>
    /// Versions in the query string, as Elasticsearch (<c>if_seq_no</c> and <c>if_primary_term</c>), CouchDB
    /// (<c>?rev=</c> on DELETE) and Google Cloud Storage (<c>ifGenerationMatch</c>) take them: each parameter's value is
    /// read from a JSON Pointer into the current representation and set on the retry's URI (several parameters make one
    /// version). The re-fetch goes to the URI without them.
    /// </summary>
    /// <param name="parts">Each query parameter and the JSON Pointer of its value, such as <c>("rev", "/_rev")</c>.</param>
    /// <returns>The version source. Malformed pointers are reported when the options are validated (at start-up).</returns>
    public static VersionSource Query(params (string Parameter, string Pointer)[] parts) => new QueryVersionSource(parts ?? []);

    /// <summary>Explains what is wrong with this source's configuration, or returns null.</summary>
    internal virtual string? Validate() => null;

    /// <summary>Reads the version the write was based on, when it can be told; never throws.</summary>
    internal abstract VersionToken ReadLocal(RequestSnapshot request, JsonNode? localJson);

    /// <summary>Reads the version of a representation; false when it has none where this source looks.</summary>
    internal abstract bool TryReadRemote(Representation remote, Func<JsonNode?> remoteJson, out VersionToken version);

    /// <summary>Gets where this source looks for a version, for the message of a representation without one.</summary>
    internal abstract string MissingVersionWhere { get; }

    /// <summary>Gets what to change when a representation has no version where this source looks.</summary>
    internal abstract string MissingVersionHint { get; }

    /// <summary>
    /// Whether a write carries a version where this source looks (besides <c>If-Match</c>, which every source honours);
    /// never throws (a body that is not JSON carries none). A write without a version is unconditional: no version is
    /// ever added to it.
    /// </summary>
    internal virtual bool Carries(Uri requestUri, byte[]? body) => false;

    /// <summary>Gets the JSON Pointers of the representation this source reads the version from: server-managed in merges.</summary>
    internal virtual IReadOnlyList<string> Pointers => [];

    /// <summary>Whether a write says "only if absent" through this source (a version value that means "none").</summary>
    internal virtual bool IsCreateOnly(Uri requestUri) => false;

    /// <summary>Where the current representation of the resource a write targets is read (the write's URI, for most sources).</summary>
    internal virtual Uri ResourceUriOf(Uri requestUri) => requestUri;

    /// <summary>The URI a retry based on <paramref name="version"/> is sent to (the same, for most sources).</summary>
    internal virtual Uri Retarget(Uri target, VersionToken version) => target;

    /// <summary>Gets a value indicating whether retries need the body as JSON (to write the version into it).</summary>
    internal abstract bool WritesBody { get; }

    /// <summary>
    /// Writes <paramref name="version"/> into the body to re-send; only called when <see cref="WritesBody"/>. False when
    /// the body cannot carry it (it is not a JSON object).
    /// </summary>
    internal virtual bool TryWriteVersion(JsonNode body, VersionToken version) => true;

    /// <summary>Removes the version from a document, so two states can be compared for content alone.</summary>
    internal virtual void RemoveVersion(JsonNode document)
    {
    }

    /// <summary>Gets the <c>If-Match</c> to send with a retry based on <paramref name="remote"/>, or null for none.</summary>
    internal abstract string? IfMatchFor(Representation remote, VersionToken version);
}
