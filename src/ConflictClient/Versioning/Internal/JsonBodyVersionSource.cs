using System.Text.Json.Nodes;
using ConflictClient.Http;
using ConflictClient.Json;

namespace ConflictClient.Versioning;

/// <summary>Versions in a JSON body field addressed by a JSON Pointer.</summary>
internal sealed class JsonBodyVersionSource : VersionSource
{
    private readonly JsonPointer? _pointer;
    private readonly string? _error;

    public JsonBodyVersionSource(string pointerText, bool sendIfMatch)
    {
        PointerText = pointerText;
        SendIfMatch = sendIfMatch;
        if (!JsonPointer.TryParseMember(pointerText, out _pointer, out _error))
        {
            _pointer = null;
        }
    }

    public string PointerText { get; }

    public bool SendIfMatch { get; }

    internal override bool WritesBody => true;

    internal override IReadOnlyList<string> Pointers => _pointer is null ? [] : [PointerText];

    private JsonPointer Pointer => _pointer ?? throw new InvalidOperationException(_error);

    internal override string? Validate() => _error is null ? null : $"VersionSource.JsonBody: {_error}.";

    internal override VersionToken ReadLocal(RequestSnapshot request, JsonNode? localJson) =>
        Pointer.TryGet(localJson, out var node) && VersionToken.TryFromJson(node, out var token) ? token : default;

    internal override bool Carries(Uri requestUri, byte[]? body)
    {
        if (body is not { Length: > 0 } || _pointer is null)
        {
            return false;
        }

        try
        {
            return _pointer.TryGet(JsonNode.Parse(body), out var node) && VersionToken.TryFromJson(node, out _);
        }
        catch (Exception e) when (UntrustedJson.IsReadFailure(e))
        {
            return false;
        }
    }

    internal override bool TryReadRemote(Representation remote, Func<JsonNode?> remoteJson, out VersionToken version)
    {
        version = default;
        return Pointer.TryGet(remoteJson(), out var node) && VersionToken.TryFromJson(node, out version);
    }

    internal override string MissingVersionWhere => $"no string or number at JSON Pointer '{PointerText}' in the body";

    internal override string MissingVersionHint =>
        "Check the pointer given to VersionSource.JsonBody, or, if the server versions with headers, use VersionSource.ETag.";

    internal override bool TryWriteVersion(JsonNode body, VersionToken version)
    {
        if (body is not JsonObject)
        {
            return false;
        }

        Pointer.Set(body, version.ToJsonNode());
        return true;
    }

    internal override void RemoveVersion(JsonNode document) => Pointer.Remove(document);

    internal override string? IfMatchFor(Representation remote, VersionToken version) => SendIfMatch ? remote.EntityTag : null;
}
