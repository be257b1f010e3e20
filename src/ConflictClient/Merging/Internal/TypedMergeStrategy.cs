using System.Text.Json;

namespace ConflictClient.Merging;

/// <summary>A user's merge over a typed model, (de)serialized with the API's serializer options.</summary>
internal sealed class TypedMergeStrategy<T>(Func<ConflictMergeArguments<T>, ValueTask<MergeResult<T>>> merge, JsonSerializerOptions serializerOptions) : MergeStrategy
{
    internal override JsonSerializerOptions SerializerOptions => serializerOptions;

    internal override async ValueTask<MergeDecision> MergeAsync(MergeInput input)
    {
        var local = input.DeserializeLocal<T>(serializerOptions);
        var remote = input.DeserializeRemote<T>(serializerOptions);
        input.RemoteValue = remote;
        var result = await merge(input.CreateArguments(local!, remote!, input.DeserializeBase<T>(serializerOptions))).ConfigureAwait(false);
        return result.ToDecision(value => JsonSerializer.SerializeToNode(value, JsonDefaults.TypeInfo<T>(serializerOptions)));
    }
}
