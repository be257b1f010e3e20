using System.Text.Json;
using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Http;
using ConflictClient.Versioning;
using Polly;

namespace ConflictClient.Merging;

/// <summary>Everything a merge strategy may use about one conflict; JSON is parsed only when a strategy asks for it.</summary>
internal sealed class MergeInput
{
    private JsonNode? _remoteForReading;
    private bool _remoteParsed;

    public MergeInput(ResilienceContext context, ConflictCall call, byte[]? localBody, Representation remote, int attempt)
    {
        Context = context;
        Call = call;
        LocalBody = localBody;
        Remote = remote;
        Attempt = attempt;
    }

    public ResilienceContext Context { get; }

    public ConflictCall Call { get; }

    /// <summary>Gets the body the write would send now (the original, or the last merged one); null for no body.</summary>
    public byte[]? LocalBody { get; }

    public Representation Remote { get; }

    /// <summary>Gets or sets the representation the local body was based on, when known.</summary>
    public byte[]? Base { get; set; }

    public VersionToken LocalVersion { get; set; }

    /// <summary>Gets or sets the JSON Pointers a merge always takes from the server (versions, timestamps).</summary>
    public IReadOnlyList<string> ServerManaged { get; set; } = [];

    public VersionToken RemoteVersion { get; set; }

    public int Attempt { get; }

    public CancellationToken CancellationToken => Context.CancellationToken;

    /// <summary>Parses the local body; each call returns a new tree the caller may change.</summary>
    public JsonNode? ParseLocal() => LocalBody is null ? null : Parse(LocalBody, "the request body", Call);

    /// <summary>Parses the remote body; each call returns a new tree the caller may change.</summary>
    public JsonNode? ParseRemote() => Parse(Remote.Body, "the server's current representation", Call);

    /// <summary>Checks the remote body strictly (see <see cref="UntrustedJson"/>) before a serializer of the caller's reads it.</summary>
    public void CheckRemote()
    {
        try
        {
            UntrustedJson.Check(Remote.Body);
        }
        catch (JsonException e)
        {
            throw ConflictErrors.InvalidRepresentation(Call, "the server's current representation", e);
        }
    }

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

    /// <summary>Parses UTF-8 JSON, turning a syntax error into a typed <see cref="ConflictException"/> naming <paramref name="which"/>.</summary>
    public static JsonNode? Parse(byte[] utf8, string which, ConflictCall call)
    {
        try
        {
            return UntrustedJson.ParseNode(utf8);
        }
        catch (JsonException e)
        {
            throw ConflictErrors.InvalidRepresentation(call, which, e);
        }
    }

    public T? DeserializeLocal<T>(JsonSerializerOptions options) => LocalBody is null ? default : Deserialize<T>(LocalBody, "the request body", options);

    public T? DeserializeRemote<T>(JsonSerializerOptions options) => Deserialize<T>(Remote.Body, "the server's current representation", options);

    public JsonNode? ParseBase() => Base is null ? null : Parse(Base, "the base representation", Call);

    public T? DeserializeBase<T>(JsonSerializerOptions options) => Base is null ? default : Deserialize<T>(Base, "the base representation", options);

    /// <summary>Parses UTF-8 JSON into a document, turning a syntax error into a typed error naming <paramref name="which"/>.</summary>
    public JsonDocument ParseDocument(byte[] utf8, string which)
    {
        try
        {
            return UntrustedJson.ParseDocument(utf8);
        }
        catch (JsonException e)
        {
            throw ConflictErrors.InvalidRepresentation(Call, which, e);
        }
    }

    public ConflictMergeArguments<T> CreateArguments<T>(T local, T remote, T? baseValue) =>
        new(Context, local, remote, baseValue, hasBase: Base is not null, LocalVersion, RemoteVersion, Attempt, Call.Method, Call.RequestUri);

    private T? Deserialize<T>(byte[] utf8, string which, JsonSerializerOptions options)
    {
        try
        {
            // Strictly first: the serializer would take the last of duplicate members, which another reader may not.
            UntrustedJson.Check(utf8);
            return JsonSerializer.Deserialize(utf8, JsonDefaults.TypeInfo<T>(options));
        }
        catch (JsonException e)
        {
            throw ConflictErrors.InvalidRepresentation(Call, which, e);
        }
    }
}
