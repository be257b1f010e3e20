using System.Text.Json.Nodes;
using ConflictClient.Http;

namespace ConflictClient.Versioning;

/// <summary>Versions in headers: <c>ETag</c> on responses, <c>If-Match</c> on writes, both verbatim.</summary>
internal sealed class ETagVersionSource : VersionSource
{
    internal override bool WritesBody => false;

    internal override VersionToken ReadLocal(RequestSnapshot request, JsonNode? localJson) =>
        request.IfMatch is { } ifMatch ? VersionToken.FromEntityTag(ifMatch) : default;

    internal override bool TryReadRemote(Representation remote, Func<JsonNode?> remoteJson, out VersionToken version)
    {
        version = remote.EntityTag is { Length: > 0 } tag ? VersionToken.FromEntityTag(tag) : default;
        return !version.IsEmpty;
    }

    internal override string MissingVersionWhere => "no ETag header";

    internal override string MissingVersionHint =>
        "Make the server send an ETag, or, if it keeps the version in the body, set " +
        "ConflictResolutionStrategyOptions.Versions.Source = VersionSource.JsonBody(\"/version\").";

    internal override string? IfMatchFor(Representation remote, VersionToken version) => version.Value;
}
