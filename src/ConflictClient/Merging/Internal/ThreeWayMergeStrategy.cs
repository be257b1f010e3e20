using System.Text.Json;
using ConflictClient.Json;

namespace ConflictClient.Merging;

/// <summary>Merges local and remote against the base with <see cref="JsonMerge"/>; unresolved conflicts fail the write.</summary>
internal sealed class ThreeWayMergeStrategy(JsonMergeOptions mergeOptions, JsonSerializerOptions serializerOptions) : MergeStrategy
{
    // The options with the server-managed paths added, per set of paths (few: one per version source and client).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, JsonMergeOptions> _withServerManaged = new(StringComparer.Ordinal);

    internal override bool UsesBase => true;

    /// <summary>Gets a value indicating whether a member the caller's body lacks is one it does not model (not a deletion).</summary>
    internal override bool LocalOmitsUnmodeled => mergeOptions.LocalAbsence == JsonLocalAbsence.NotModeled;

    private JsonMergeOptions Options => mergeOptions;

    internal override JsonSerializerOptions SerializerOptions => serializerOptions;

    internal override ValueTask<MergeDecision> MergeAsync(MergeInput input)
    {
        if (input.LocalBody is null)
        {
            // A DELETE keeps nobody's work: it is re-sent only when the server's state is the one it was based on.
            return ValueTask.FromResult(DeleteOnlyIfUnchanged(input));
        }

        var options = input.ServerManaged.Count == 0
            ? Options
            : _withServerManaged.GetOrAdd(string.Join('\n', input.ServerManaged), static (_, state) => state.Options.With(state.Paths), (Options, Paths: input.ServerManaged));
        using var local = MergeInput.ParseDocument(input.LocalBody, "the request body");
        using var remote = MergeInput.ParseDocument(input.Remote.Body, "the server's current representation");
        JsonMergeResult result;
        if (input.Base is { } baseBody)
        {
            using var based = MergeInput.ParseDocument(baseBody, "the base representation");
            result = JsonMerge.ThreeWay(based.RootElement, local.RootElement, remote.RootElement, options);
        }
        else
        {
            result = JsonMerge.WithoutBase(local.RootElement, remote.RootElement, options);
        }

        if (result.HasUnresolvedConflicts)
        {
            throw MergeFailure.Unresolved([.. result.UnresolvedConflicts], hasBase: input.Base is not null);
        }

        return ValueTask.FromResult(MergeDecision.WriteBytes(result.Utf8Json.ToArray()));
    }

    /// <summary>
    /// Deleting what another writer changed since the base would destroy their change; without a base nothing tells.
    /// Server-managed fields (the version, timestamps) are no change.
    /// </summary>
    private static MergeDecision DeleteOnlyIfUnchanged(MergeInput input)
    {
        var remote = input.ParseRemote();
        if (input.Base is not null)
        {
            var managed = new JsonPathPatterns(input.ServerManaged);
            if (!JsonDifference.Between(input.ParseBase(), remote).Exists(location => !managed.Covers(location)))
            {
                return MergeDecision.WriteBytes(null);
            }
        }

        var conflict = new JsonMergeConflict(string.Empty, input.Base is null ? default : new JsonMergeValue(exists: true, input.ParseBase()), default, new JsonMergeValue(exists: true, remote))
        {
            Resolution = JsonMergeResolutionKind.Unresolved,
        };
        throw MergeFailure.Unresolved([conflict], hasBase: input.Base is not null);
    }
}
