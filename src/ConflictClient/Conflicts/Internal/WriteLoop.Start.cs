using System.Text.Json.Nodes;
using ConflictClient.Http;
using ConflictClient.Merging;
using ConflictClient.Versioning;

namespace ConflictClient.Conflicts;

/// <summary>What a write fixes at its first conflict: its plan and its first attempt; and what its errors read.</summary>
internal static partial class WriteLoop
{
    /// <summary>The state last read, with its version when it can be read (for the caller's error); never throws.</summary>
    private static WriteProgress WithVersion(WritePlan plan, WriteProgress write)
    {
        if (write.Remote is not { } remote)
        {
            return write;
        }

        try
        {
            return plan.VersionSource.TryReadRemote(remote.Representation, () => UntrustedJson.ParseNode(remote.Representation.Body), out var version)
                ? write with { Remote = remote with { Version = version } }
                : write;
        }
        catch (Exception e) when (UntrustedJson.IsReadFailure(e))
        {
            return write;
        }
    }

    /// <summary>What is fixed for the write from its first conflict on.</summary>
    private static WritePlan Plan<TState>(WriteSender<TState> sender, HttpRequestMessage request, VersionSource versionSource, ConflictRequestSettings? settings, MergeStrategy? merge, ConflictRead? read, bool startedUnverified, bool holdsTurn)
    {
        var options = sender.Services.Options;
        return new WritePlan
        {
            Options = options,
            Context = sender.Context,
            Bases = sender.Services.Bases,
            Template = new RequestSnapshot(request, body: null),
            VersionSource = versionSource,
            Merge = merge ?? options.MergeStrategy!,
            DuplicatePolicy = request.Options.TryGetValue(ConflictRequestOptions.DuplicatePolicy, out var requested) ? requested : settings?.DuplicatePolicy ?? options.Creates.DuplicatePolicy,
            RequestBase = request.Options.TryGetValue(ConflictRequestOptions.Base, out var requestBase) ? requestBase : null,
            ServerManaged = options.Versions.ServerManagedPaths.Count == 0 ? versionSource.Pointers : [.. versionSource.Pointers, .. options.Versions.ServerManagedPaths],
            PatchKind = PatchRebase.KindOf(request.Method, request.Content?.Headers.ContentType?.MediaType),
            Read = read,
            StartedUnverified = startedUnverified,
            HoldsTurn = holdsTurn,
        };
    }

    /// <summary>The caller's own send, as the first attempt: read only now, since a write that meets no conflict never looks again.</summary>
    private static Attempt FirstAttempt(WritePlan plan, HttpRequestMessage request, byte[] body, Uri? resource)
    {
        var snapshot = plan.Template;
        var captured = body.Length == 0 ? null : body;
        var versionSource = plan.VersionSource;
        JsonNode? json = null;
        if (versionSource.WritesBody && captured is not null)
        {
            try
            {
                json = JsonNode.Parse(captured);
            }
            catch (Exception e) when (UntrustedJson.IsReadFailure(e))
            {
                // Not JSON: it carries no body version.
            }
        }

        return new Attempt
        {
            Number = 1,
            Method = request.Method,
            Target = request.RequestUri!,
            Body = captured,
            IfMatch = snapshot.IfMatch,
            IfNoneMatch = snapshot.IfNoneMatch,
            IdempotencyKey = snapshot.IdempotencyKey,
            Version = SafeReadLocal(versionSource, snapshot, json),
            IsConditional = snapshot.IfMatch is not null || snapshot.IfUnmodifiedSince is not null || versionSource.Carries(request.RequestUri!, captured),
            Resource = resource,
        };
    }

    private static VersionToken SafeReadLocal(VersionSource versionSource, RequestSnapshot snapshot, JsonNode? json)
    {
        try
        {
            return versionSource.ReadLocal(snapshot, json);
        }
        catch (Exception e) when (UntrustedJson.IsReadFailure(e))
        {
            return default;
        }
    }
}
