using ConflictClient.Conflicts;

namespace Refit;

/// <summary>Reads how a guarded write ended from the <see cref="IApiResponse"/> a Refit method returned.</summary>
public static class ConflictApiResponseExtensions
{
    /// <summary>
    /// Gets how the guarded write that <paramref name="response"/> answers ended, when it met a conflict (or when a
    /// <see cref="ConflictWriteResult"/> was passed with it); null for a write that simply succeeded at its first attempt.
    /// </summary>
    /// <param name="response">What a Refit method returning <c>ApiResponse&lt;T&gt;</c> returned.</param>
    /// <returns>The write's result, or null.</returns>
    public static ConflictWriteResult? GetConflictWriteResult(this IApiResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.RequestMessage?.Options.TryGetValue(ConflictRequestOptions.Result, out var result) == true ? result : null;
    }
}
