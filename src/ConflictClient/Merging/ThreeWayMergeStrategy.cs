using System.Text.Json;
using ConflictClient.Conflicts;
using ConflictClient.Json;

namespace ConflictClient.Merging;

/// <summary>Merges local and remote against the base with <see cref="JsonMerge"/>; unresolved conflicts fail the write.</summary>
internal sealed class ThreeWayMergeStrategy(JsonMergeOptions mergeOptions, JsonSerializerOptions serializerOptions) : MergeStrategy
{
    // The options with the server-managed paths added, per set of paths (few: one per version source and client).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, JsonMergeOptions> _withServerManaged = new(StringComparer.Ordinal);

    internal override bool UsesBase => true;

    private JsonMergeOptions Options => mergeOptions;

    internal override JsonSerializerOptions SerializerOptions => serializerOptions;

    internal override ValueTask<MergeDecision> MergeAsync(MergeInput input)
    {
        if (input.LocalBody is null)
        {
            // A write without a body (DELETE) has nothing to merge: it is re-sent against the current version.
            return ValueTask.FromResult(MergeDecision.WriteBytes(null));
        }

        var options = input.ServerManaged.Count == 0
            ? Options
            : _withServerManaged.GetOrAdd(string.Join('\n', input.ServerManaged), static (_, state) => state.Options.With(state.Paths), (Options, Paths: input.ServerManaged));
        using var local = input.ParseDocument(input.LocalBody, "the request body");
        using var remote = input.ParseDocument(input.Remote.Body, "the server's current representation");
        JsonMergeResult result;
        if (input.Base is { } baseBody)
        {
            using var based = input.ParseDocument(baseBody, "the base representation");
            result = JsonMerge.ThreeWay(based.RootElement, local.RootElement, remote.RootElement, options);
        }
        else
        {
            result = JsonMerge.WithoutBase(local.RootElement, remote.RootElement, options);
        }

        if (result.HasUnresolvedConflicts)
        {
            throw ConflictErrors.MergeUnresolved(input.Call, [.. result.UnresolvedConflicts], hasBase: input.Base is not null);
        }

        return ValueTask.FromResult(MergeDecision.WriteBytes(result.Utf8Json.ToArray()));
    }
}
