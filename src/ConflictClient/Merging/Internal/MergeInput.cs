using System.Text.Json;
using System.Text.Json.Nodes;
using ConflictClient.Http;
using ConflictClient.Versioning;
using Polly;

namespace ConflictClient.Merging;

/// <summary>
/// Everything a merge strategy may use about one conflict, read-only; JSON is parsed only when a strategy asks for it.
/// A body that is not strictly JSON raises a <see cref="MergeFailure"/>.
/// </summary>
internal sealed class MergeInput(
    ResilienceContext context,
    HttpMethod method,
    Uri requestUri,
    byte[]? localBody,
    Representation remote,
    int attempt,
    byte[]? baseBody,
    VersionToken localVersion,
    VersionToken remoteVersion,
    IReadOnlyList<string> serverManaged)
{
    private JsonNode? _remoteForReading;
    private bool _remoteParsed;

    public ResilienceContext Context => context;

    public HttpMethod Method => method;

    public Uri RequestUri => requestUri;

    /// <summary>Gets the body the write would send now (the original, or the last merged one); null for no body.</summary>
    public byte[]? LocalBody => localBody;

    public Representation Remote => remote;

    /// <summary>Gets the representation the local body was based on, when known.</summary>
    public byte[]? Base => baseBody;

    public VersionToken LocalVersion => localVersion;

    public VersionToken RemoteVersion => remoteVersion;

    /// <summary>Gets the JSON Pointers a merge always takes from the server (versions, timestamps).</summary>
    public IReadOnlyList<string> ServerManaged => serverManaged;

    public int Attempt => attempt;

    public CancellationToken CancellationToken => context.CancellationToken;

    /// <summary>Gets or sets the remote state as a typed merge deserialized it, for the caller's error (<c>RemoteValue</c>).</summary>
    public object? RemoteValue { get; set; }

    /// <summary>Parses the local body; each call returns a new tree the caller may change.</summary>
    public JsonNode? ParseLocal() => LocalBody is null ? null : Parse(LocalBody, "the request body");

    /// <summary>Parses the remote body; each call returns a new tree the caller may change.</summary>
    public JsonNode? ParseRemote() => Parse(Remote.Body, "the server's current representation");

    public JsonNode? ParseBase() => Base is null ? null : Parse(Base, "the base representation");

    /// <summary>The remote body parsed once, for reading only (version lookups).</summary>
    public JsonNode? ReadRemote()
    {
        if (!_remoteParsed)
        {
            _remoteForReading = ParseRemote();
            _remoteParsed = true;
        }

        return _remoteForReading;
    }

    /// <summary>Checks the remote body strictly (see <see cref="UntrustedJson"/>) before a serializer of the caller's reads it.</summary>
    public void CheckRemote()
    {
        try
        {
            UntrustedJson.Check(Remote.Body);
        }
        catch (JsonException e)
        {
            throw MergeFailure.Invalid("the server's current representation", e);
        }
    }

    /// <summary>Parses UTF-8 JSON strictly, turning any failure into a <see cref="MergeFailure"/> naming <paramref name="which"/>.</summary>
    public static JsonNode? Parse(byte[] utf8, string which)
    {
        try
        {
            return UntrustedJson.ParseNode(utf8);
        }
        catch (JsonException e)
        {
            throw MergeFailure.Invalid(which, e);
        }
    }

    /// <summary>Parses UTF-8 JSON strictly into a document.</summary>
    public static JsonDocument ParseDocument(byte[] utf8, string which)
    {
        try
        {
            return UntrustedJson.ParseDocument(utf8);
        }
        catch (JsonException e)
        {
            throw MergeFailure.Invalid(which, e);
        }
    }

    public T? DeserializeLocal<T>(JsonSerializerOptions options) => LocalBody is null ? default : Deserialize<T>(LocalBody, "the request body", options);

    public T? DeserializeRemote<T>(JsonSerializerOptions options) => Deserialize<T>(Remote.Body, "the server's current representation", options);

    public T? DeserializeBase<T>(JsonSerializerOptions options) => Base is null ? default : Deserialize<T>(Base, "the base representation", options);

    public ConflictMergeArguments<T> CreateArguments<T>(T local, T remoteValue, T? baseValue) =>
        new(Context, local, remoteValue, baseValue, hasBase: Base is not null, LocalVersion, RemoteVersion, Attempt, Method, RequestUri);

    private static T? Deserialize<T>(byte[] utf8, string which, JsonSerializerOptions options)
    {
        try
        {
            // Strictly first: the serializer would take the last of duplicate members, which another reader may not.
            UntrustedJson.Check(utf8);
            return JsonSerializer.Deserialize(utf8, JsonDefaults.TypeInfo<T>(options));
        }
        catch (JsonException e)
        {
            throw MergeFailure.Invalid(which, e);
        }
    }
}
