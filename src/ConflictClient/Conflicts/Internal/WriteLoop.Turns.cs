using ConflictClient.Http;
using ConflictClient.Versioning;
using Polly;

namespace ConflictClient.Conflicts;

/// <summary>The loop's turns (<see cref="ConflictTurns"/>): taking one, telling a stale version at it, giving it back.</summary>
internal static partial class WriteLoop
{
    private static ValueTask<ConflictTurn?> TakeTurnAsync(ConflictTurns turns, Uri resource, ResilienceContext context) =>
        turns.TakeTurnAsync(new ConflictTurnArguments(HotResources.KeyOf(resource), context));

    /// <summary>
    /// Gives the turn back with the version written. A turn is advisory: a provider that throws here must not turn the
    /// write's outcome (applied, or a typed failure) into another one, so its failure is dropped; its lease ends the turn.
    /// </summary>
    private static async ValueTask ReleaseAsync(ConflictTurn turn, HttpResponseMessage? written)
    {
        try
        {
            await turn.ReleaseAsync(written is { IsSuccessStatusCode: true } ? Representation.ReadEntityTag(written) : null).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The write's outcome is decided; nothing a turn provider throws may change what the caller hears.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>Whether the write carries a version the server checks: only such writes conflict, so only they take turns.</summary>
    private static bool IsVersioned(HttpRequestMessage request, VersionSource versionSource, byte[] body) =>
        request.Headers.NonValidated.Contains("If-Match") || request.Headers.NonValidated.Contains("If-Unmodified-Since") || versionSource.Carries(request.RequestUri!, body);

    /// <summary>Whether the caller's <c>If-Match</c> is the version the previous holder of the turn wrote.</summary>
    private static bool IsCurrent(string? previousVersion, HttpRequestMessage request) =>
        previousVersion is not null && request.Headers.NonValidated.TryGetValues("If-Match", out var values) && string.Equals(values.ToString(), previousVersion, StringComparison.Ordinal);

    /// <summary>
    /// The resource's current state when the write's version is no longer it (null: the version is current, or the read
    /// failed and the write goes as it is, its version checked by the server as always).
    /// </summary>
    private static async ValueTask<Representation?> StaleAtTurnAsync<TState>(WriteSender<TState> sender, WritePlan plan, Attempt first, Uri resource)
    {
        try
        {
            var (current, _) = await CurrentState.ReadAsync(sender, plan, Failed(sender, plan.Template.Request, attempts: 0), resource).ConfigureAwait(sender.ContinueOnCapturedContext);
            // Merged first only when the versions prove the write stale; where they cannot tell, the server's check decides.
            return !first.Version.IsEmpty && plan.VersionSource.TryReadRemote(current, () => UntrustedJson.ParseNode(current.Body), out var now) && now != first.Version
                ? current
                : null;
        }
        catch (ConflictException)
        {
            return null;
        }
        catch (Exception e) when (UntrustedJson.IsReadFailure(e))
        {
            return null;
        }
    }
}
