using System.Text.Json.Nodes;

namespace ConflictClient.Merging;

/// <summary>Turns a user's <see cref="MergeResult{T}"/> into the strategy's internal decision.</summary>
internal static class MergeResultExtensions
{
    public static MergeDecision ToDecision<T>(this MergeResult<T> result, Func<T, JsonNode?> toJson) => result.Kind switch
    {
        MergeResultKind.Merged => MergeDecision.WriteJson(toJson(result.Value!)),
        MergeResultKind.AcceptRemote => MergeDecision.AcceptRemote(),
        MergeResultKind.GiveUp => MergeDecision.GiveUp(result.Reason),
        _ => throw new InvalidOperationException(
            "The merge delegate returned a default MergeResult. Return args.Merged(value), args.AcceptRemote() or args.GiveUp(reason)."),
    };
}
