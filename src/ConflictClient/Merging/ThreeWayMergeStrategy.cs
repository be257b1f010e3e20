using System.Text.Json;
using ConflictClient.Conflicts;
using ConflictClient.Json;

namespace ConflictClient.Merging;

/// <summary>Merges local and remote against the base with <see cref="JsonMerge"/>; unresolved conflicts fail the write.</summary>
internal sealed class ThreeWayMergeStrategy(JsonMergeOptions options, JsonSerializerOptions serializerOptions) : MergeStrategy
{
    internal override bool UsesBase => true;

    internal override JsonSerializerOptions SerializerOptions => serializerOptions;

    internal override ValueTask<MergeDecision> MergeAsync(MergeInput input)
    {
        if (input.LocalBody is null)
        {
            // A write without a body (DELETE) has nothing to merge: it is re-sent against the current version.
            return ValueTask.FromResult(MergeDecision.WriteBytes(null));
        }

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
