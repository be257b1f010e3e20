using System.Net;
using System.Text.Json;
using ConflictClient.Conflicts;
using Refit;

namespace ConflictClient.Merging;

/// <summary>
/// Re-apply my change: the change is a function, run on the latest state the server has each time the write meets a
/// conflict (the pattern of Kubernetes' <c>retry.RetryOnConflict</c>). Nothing anyone else wrote is overwritten.
/// </summary>
/// <remarks>
/// The change travels with the write itself: the Refit method takes a
/// <c>[Property(ConflictRequestOptions.ReapplyKey)] ReapplyRequest reapply</c> parameter, and <c>put</c> passes the one
/// it is given. Any other write made inside <c>put</c> is an ordinary write.
/// </remarks>
public static class Reapply
{
    /// <summary>
    /// Reads the resource, applies <paramref name="change"/>, and writes the result conditionally. On 409/412 the client's
    /// conflict handler fetches the latest state and applies the change to it again, within the client's bounds
    /// (<c>Retry.MaxAttempts</c>, backoff), whatever merge strategy the client has.
    /// </summary>
    /// <example>
    /// <code>
    /// // [Put("/todos/{id}")] Task&lt;Todo&gt; UpdateAsync(int id, [Body] Todo todo, [Header("If-Match")] string? etag,
    /// //     [Property(ConflictRequestOptions.ReapplyKey)] ReapplyRequest? reapply = null);
    /// var result = await Reapply.UpdateAsync(api,
    ///     get: a =&gt; a.GetAsync(1),
    ///     put: (a, todo, etag, reapply) =&gt; a.UpdateAsync(1, todo, etag, reapply),
    ///     change: todo =&gt; todo.Done ? null : todo with { Done = true });
    /// </code>
    /// </example>
    /// <typeparam name="TApi">The Refit interface.</typeparam>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="api">The Refit client; its HttpClient must have <c>AddConflictResolution</c>.</param>
    /// <param name="get">Reads the resource (its ETag, when the API versions with headers, is passed to <paramref name="put"/>).</param>
    /// <param name="put">Writes the changed resource with the version it was based on (or null), carrying the <see cref="ReapplyRequest"/> it is given.</param>
    /// <param name="change">Returns the changed resource, or <see langword="null"/> when there is nothing to do (nothing is written).</param>
    /// <param name="serializerOptions">The options the API's bodies use; defaults to <see cref="JsonSerializerOptions.Web"/>.</param>
    /// <returns>The written (or current) resource and what happened.</returns>
    /// <exception cref="ConflictException">The conflicts outlasted the client's attempts, or the change threw while re-applied.</exception>
    /// <exception cref="InvalidOperationException">The write did not carry its change to a conflict handler (no handler, or <paramref name="put"/> dropped it).</exception>
    public static async Task<ReapplyResult<T>> UpdateAsync<TApi, T>(
        TApi api,
        Func<TApi, Task<ApiResponse<T>>> get,
        Func<TApi, T, string?, ReapplyRequest, Task<T>> put,
        Func<T, T?> change,
        JsonSerializerOptions? serializerOptions = null)
        where TApi : class
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(get);
        ArgumentNullException.ThrowIfNull(put);
        ArgumentNullException.ThrowIfNull(change);

        T current;
        string? entityTag;
        using (var read = await get(api).ConfigureAwait(false))
        {
            if (!read.IsSuccessful || read.Content is null)
            {
                throw (Exception?)read.Error ?? new InvalidOperationException($"Reading the resource answered {read.StatusCode} with no content.");
            }

            current = read.Content;
            entityTag = read.Headers is { } headers && headers.NonValidated.TryGetValues("ETag", out var tags) ? tags.ToString() : null;
        }

        return await UpdateAsync(api, current, entityTag, put, change, serializerOptions).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies <paramref name="change"/> to a state the caller already has (for example the <see cref="ReapplyResult{T}.Value"/>
    /// and <see cref="ReapplyResult{T}.EntityTag"/> of its previous update) and writes it conditionally, without reading
    /// first. If that state is stale, the write meets 409/412 and the change is applied again to the latest state, as
    /// with the reading overload; a client that is usually current saves a read per write.
    /// </summary>
    /// <typeparam name="TApi">The Refit interface.</typeparam>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="api">The Refit client; its HttpClient must have <c>AddConflictResolution</c>.</param>
    /// <param name="current">The state the change starts from.</param>
    /// <param name="entityTag">The version of <paramref name="current"/> (its ETag), or null when the API versions inside the body.</param>
    /// <param name="put">Writes the changed resource with the version it was based on, carrying the <see cref="ReapplyRequest"/> it is given.</param>
    /// <param name="change">Returns the changed resource, or <see langword="null"/> when there is nothing to do (nothing is written).</param>
    /// <param name="serializerOptions">The options the API's bodies use; defaults to <see cref="JsonSerializerOptions.Web"/>.</param>
    /// <returns>The written (or current) resource, its version when known, and what happened.</returns>
    /// <exception cref="ConflictException">The conflicts outlasted the client's attempts, or the change threw while re-applied.</exception>
    /// <exception cref="InvalidOperationException">The write did not carry its change to a conflict handler (no handler, or <paramref name="put"/> dropped it).</exception>
    public static async Task<ReapplyResult<T>> UpdateAsync<TApi, T>(
        TApi api,
        T current,
        string? entityTag,
        Func<TApi, T, string?, ReapplyRequest, Task<T>> put,
        Func<T, T?> change,
        JsonSerializerOptions? serializerOptions = null)
        where TApi : class
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(put);
        ArgumentNullException.ThrowIfNull(change);

        if (change(current) is not { } changed)
        {
            return new ReapplyResult<T>(current, Written: false, Attempts: 0, Conflicts: 0) { EntityTag = entityTag };
        }

        var reapply = ReapplyRequest.For(current, entityTag, change, serializerOptions);
        T written;
        try
        {
            written = await put(api, changed, entityTag, reapply).ConfigureAwait(false);
        }
        catch (ApiException e) when (reapply.Result.Outcome == ConflictOutcome.None && e.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed)
        {
            throw new InvalidOperationException(
                $"The write met {(int)e.StatusCode} {e.StatusCode}, and no conflict handler re-applied the change: add " +
                ".AddConflictResolution(...) to this client's HttpClient, and pass the ReapplyRequest that put is given to the " +
                "Refit method, as a [Property(ConflictRequestOptions.ReapplyKey)] parameter.",
                e);
        }

        // The write succeeded. Without a handler that saw the change, it was written once, as sent (never an error: it is applied).
        var result = reapply.Result;
        return result.Outcome == ConflictOutcome.None
            ? new ReapplyResult<T>(written, Written: true, Attempts: 1, Conflicts: 0)
            : new ReapplyResult<T>(written, result.Outcome != ConflictOutcome.Unchanged, result.Attempts, result.Conflicts) { EntityTag = result.EntityTag };
    }
}
