using System.Text.Json;
using ConflictClient.Merging;

namespace ConflictClient.Conflicts;

/// <summary>
/// A write whose change is a function, re-applied to the latest state at every conflict (Kubernetes'
/// <c>RetryOnConflict</c>), carried by the write itself under <see cref="ConflictRequestOptions.Reapply"/>.
/// <c>Reapply.UpdateAsync</c> (ConflictClient.Refit) creates one per call; with a plain <see cref="HttpClient"/>, set it
/// on the request with <see cref="Set"/>.
/// </summary>
public sealed class ReapplyRequest
{
    private ReapplyRequest(ReapplyChange change) => Change = change;

    /// <summary>Gets how the write ended, filled in when it ends successfully.</summary>
    public ConflictWriteResult Result { get; } = new();

    internal ReapplyChange Change { get; }

    /// <summary>A change of <typeparamref name="T"/>, made from <paramref name="state"/>.</summary>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="state">The state the write's body was made from.</param>
    /// <param name="entityTag">The version of <paramref name="state"/> (its ETag), or null when it is in the body.</param>
    /// <param name="change">Returns the changed resource, or null when there is nothing to do.</param>
    /// <param name="serializerOptions">The options the API's bodies use; defaults to <see cref="JsonSerializerOptions.Web"/>.</param>
    /// <returns>The request, to pass with the write.</returns>
    public static ReapplyRequest For<T>(T state, string? entityTag, Func<T, T?> change, JsonSerializerOptions? serializerOptions = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(change);
        var typeInfo = JsonDefaults.TypeInfo<T>(serializerOptions);

        byte[]? Apply(byte[] json) =>
            JsonSerializer.Deserialize(json, typeInfo) is { } value && change(value) is { } next ? JsonSerializer.SerializeToUtf8Bytes(next, typeInfo) : null;

        return new(new ReapplyChange(Apply, () => JsonSerializer.SerializeToUtf8Bytes(state, typeInfo), entityTag));
    }

    /// <summary>Carries this change with <paramref name="request"/>.</summary>
    /// <param name="request">The write.</param>
    public void Set(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(ConflictRequestOptions.Reapply, this);
    }
}
