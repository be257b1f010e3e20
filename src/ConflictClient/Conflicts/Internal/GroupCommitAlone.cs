using ConflictClient.Http;
using ConflictClient.Merging;
using Polly;

namespace ConflictClient.Conflicts;

/// <summary>
/// A re-applied change whose caller is the only one writing its resource through this client: the caller's own message
/// goes, with no batch to build (a change applied once more to a serialized state), and its answer keeps group commit's
/// contract: the state right after the change, with the ETag when it is the state written.
/// </summary>
internal static class GroupCommitAlone
{
    public static async ValueTask<Outcome<HttpResponseMessage>> WriteAsync<TState>(WriteSender<TState> sender, HttpRequestMessage request, ReapplyRequest reapply)
    {
        var merge = new ReapplyBatchMergeStrategy([reapply.Change]);
        request.Options.Set(ConflictRequestOptions.Result, reapply.Result);
        var outcome = await WriteLoop.RunAsync(sender, request, merge).ConfigureAwait(false);
        var state = merge.States.Count > 0 ? merge.States[^1] : RequestSnapshot.BodyOf(request);
        if (outcome.Result is not { IsSuccessStatusCode: true } response || state is null)
        {
            return outcome;
        }

        // Applied: from here on the caller is told success, even if the answer's body cannot be read.
        Representation? written;
        try
        {
            written = await Representation.ReadAsync(response, sender.Services.Options.MaxBodySize, sender.CancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // An unreadable answer only means the caller gets the state it made.
        catch (Exception)
#pragma warning restore CA1031
        {
            written = null;
        }

        var versionSource = sender.Services.Options.ForRequest?.Invoke(new ConflictRequestArguments(sender.Context, request))?.VersionSource ?? sender.Services.Options.Versions.Source;
        if (written is not null && GroupCommitBatch<TState>.IsRepresentationOf(written, state, versionSource))
        {
            response.Content = Representation.Buffered(response.Content, written.Body);
            return outcome;
        }

        // Not the resource ({ok,id,rev}, 204, another shape): the caller gets the state it made, as a group's caller does.
        var entityTag = written?.EntityTag ?? Representation.ReadEntityTag(response);
        response.Dispose();
        return Outcome.FromResult(GroupCommit.Respond(request, new GroupCommitResult(state, entityTag, Written: true, reapply.Result.Attempts, reapply.Result.Conflicts)));
    }
}
