using System.Text.Json;

namespace ConflictClient.Merging;

/// <summary>Runs the caller's change again on the server's latest state; "nothing to do" keeps the server's state unwritten.</summary>
internal sealed class ReapplyMergeStrategy<T>(Func<T, T?> change, JsonSerializerOptions serializerOptions) : MergeStrategy
{
    internal override JsonSerializerOptions SerializerOptions => serializerOptions;

    internal override ValueTask<MergeDecision> MergeAsync(MergeInput input)
    {
        var remote = input.DeserializeRemote<T>(serializerOptions);
        input.Call.LastRemoteValue = remote;
        var changed = remote is null ? default : change(remote);
        return ValueTask.FromResult(changed is null
            ? MergeDecision.Unchanged()
            : MergeDecision.WriteJson(JsonSerializer.SerializeToNode(changed, serializerOptions)));
    }
}
