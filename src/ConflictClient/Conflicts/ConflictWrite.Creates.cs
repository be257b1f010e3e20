using System.Text.Json;
using ConflictClient.Http;

namespace ConflictClient.Conflicts;

/// <summary>Creates that meet an existing resource: the duplicate policy, and where the existing resource lives.</summary>
internal sealed partial class ConflictWrite<TState>
{
    /// <summary>A create met an existing resource: fail, adopt it, or merge my body into it, as the duplicate policy says.</summary>
    private async ValueTask<HttpResponseMessage?> OnDuplicateAsync(bool willRetry)
    {
        var policy = DuplicatePolicyOf();
        var existing = LocateExisting();
        if (policy == DuplicatePolicy.Fail)
        {
            throw ConflictErrors.Duplicate(_call, existing);
        }

        if (existing is null)
        {
            throw ConflictErrors.ExistingResourceUnknown(_call, policy);
        }

        if (!HttpOrigin.IsSame(existing, _snapshot.RequestUri))
        {
            throw ConflictErrors.CrossOriginRefetch(_call, existing);
        }

        var remote = await FetchAsync(existing).ConfigureAwait(ContinueOnCapturedContext);
        if (policy == DuplicatePolicy.AdoptExisting)
        {
            Complete(ConflictOutcome.Adopted, remote.EntityTag);
            return remote.ToResponse(_request);
        }

        // MergeIntoExisting: from here on this is a conditional update of the existing resource, through the usual loop.
        (_write.Method, _write.Target, _write.ResourceUri, _write.IfNoneMatch, _write.MergedIntoExisting, _write.IsConditional) = (HttpMethod.Put, existing, existing, null, true, true);
        return await MergeAndPrepareAsync(remote, willRetry).ConfigureAwait(ContinueOnCapturedContext);
    }

    /// <summary>
    /// The resource a version conflict is about: the write's own, or, for an update sent by POST (CouchDB's
    /// <c>_id</c> and <c>_rev</c> in the body), where the profile's locator finds it; on the write's origin only.
    /// </summary>
    private Uri? ResourceOfVersionConflict() =>
        _write.ResourceUri ??= IsCreate && LocateExisting() is { } located && HttpOrigin.IsSame(located, _snapshot.RequestUri) ? located : null;

    /// <summary>Where the resource a create collided with lives: Location, the problem details, or the application's locator.</summary>
    private Uri? LocateExisting()
    {
        var said = _call.LastLocation ?? ProblemLocation(_call.LastProblem);
        // A PUT-to-create names its resource itself: what it met is at its own URI (query string, such as a SAS, kept).
        var located = said is not null && Uri.TryCreate(said, UriKind.RelativeOrAbsolute, out var uri)
            ? uri
            : _options.ExistingResourceLocator?.Invoke(new ExistingResourceArguments(_context, _snapshot.Method, _snapshot.RequestUri, _write.Body ?? [], _call.LastProblem))
                ?? (_snapshot.Method == HttpMethod.Post ? null : _snapshot.RequestUri);
        return located is null ? null : located.IsAbsoluteUri ? located : new Uri(_snapshot.RequestUri, located);
    }

    private static string? ProblemLocation(ConflictProblemDetails? problem)
    {
        foreach (var name in (ReadOnlySpan<string>)["location", "existing", "existingResource", "existingLocation"])
        {
            if (problem?.Extensions.TryGetValue(name, out var value) == true && value.ValueKind == JsonValueKind.String)
            {
                return value.GetString();
            }
        }

        return null;
    }
}
