using System.Text.Json.Nodes;

namespace ConflictClient.Merging;

/// <summary>A user's merge over <see cref="JsonNode"/> documents.</summary>
internal sealed class JsonNodeMergeStrategy(Func<ConflictMergeArguments<JsonNode?>, ValueTask<MergeResult<JsonNode?>>> merge) : MergeStrategy
{
    internal override async ValueTask<MergeDecision> MergeAsync(MergeInput input)
    {
        var result = await merge(input.CreateArguments(input.ParseLocal(), input.ParseRemote(), input.ParseBase())).ConfigureAwait(false);
        return result.ToDecision(static json => json);
    }
}
