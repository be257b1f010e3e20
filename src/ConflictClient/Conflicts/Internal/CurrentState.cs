using System.Text.Json;
using System.Text.Json.Nodes;
using ConflictClient.Http;
using ConflictClient.Json;

namespace ConflictClient.Conflicts;

/// <summary>
/// Reads the current state of a write's resource: a GET with the write's headers (minus preconditions), bounded, from
/// the write's origin only. Every failure is typed: an error status or a transport error is
/// <see cref="ConflictFailureReason.RefetchFailed"/>, a redirect elsewhere <see cref="ConflictFailureReason.CrossOriginRefetch"/>.
/// </summary>
internal static class CurrentState
{
    public static async ValueTask<(Representation State, WriteProgress Write)> ReadAsync<TState>(WriteSender<TState> sender, WritePlan plan, WriteProgress write, Uri uri)
    {
        using var get = plan.Read is { } described && described.Uri == uri
            ? plan.Template.CreateRead(described.Method, uri, described.Body, described.ContentType)
            : plan.Template.CreateRefetch(uri);
        Telemetry.ConflictTelemetry.Refetched();
        var outcome = await sender.SendAsync(get).ConfigureAwait(sender.ContinueOnCapturedContext);
        if (outcome.Exception is { } failure)
        {
            throw failure is OperationCanceledException && sender.CancellationToken.IsCancellationRequested
                ? failure
                : ConflictErrors.RefetchTransportFailed(write, uri, failure);
        }

        using var response = outcome.Result!;

        // Redirected elsewhere: followed by a primary handler (landed there), or not followed (a redirect answer).
        if ((response.RequestMessage?.RequestUri is { } landed && !HttpOrigin.IsSame(landed, uri)) ||
            (RedirectPolicy.TryGetTarget(response, out landed) && !HttpOrigin.IsSame(landed, uri)))
        {
            throw ConflictErrors.RefetchRedirected(write, uri, landed);
        }

        Representation? read;
        try
        {
            read = await Representation.ReadAsync(response, plan.Options.MaxBodySize, sender.CancellationToken).ConfigureAwait(sender.ContinueOnCapturedContext);
        }
        catch (Exception e) when (e is not OperationCanceledException || !sender.CancellationToken.IsCancellationRequested)
        {
            throw ConflictErrors.RefetchTransportFailed(write, uri, e);
        }

        if (!response.IsSuccessStatusCode)
        {
            var answer = new ConflictAnswer(response.StatusCode, ProblemDetailsReader.TryRead(read), ErrorVocabulary.Read(read, response.Headers.NonValidated), null, null, read);
            throw ConflictErrors.RefetchFailed(write with { Answer = answer }, uri, response.StatusCode);
        }

        return read is null
            ? throw ConflictErrors.RemoteBodyTooLarge(write, plan.Options.MaxBodySize)
            : (read, write with { Remote = new RemoteState(read) });
    }

    /// <summary>
    /// The state read, in the shape of the write: the write's body with the member the read describes
    /// (<see cref="ConflictRead.StateAt"/>) replaced by it, so versions and merges address the write's own document.
    /// </summary>
    public static (Representation? State, WriteProgress Write, ConflictException? Error) InWriteShape(WritePlan plan, WriteProgress write, Representation state, byte[]? writeBody)
    {
        if (plan.Read is not { StateAt.Length: > 0 } read || writeBody is null)
        {
            return (state, write, null);
        }

        try
        {
            var document = UntrustedJson.ParseNode(writeBody) as JsonObject;
            var current = UntrustedJson.ParseNode(state.Body);
            if (document is null || !JsonPointer.TryParseMember(read.StateAt, out var at, out _))
            {
                return (null, write, ConflictErrors.NotJsonObject(write, "the request body", read.StateAt));
            }

            at.Set(document, current);
            var shaped = new Representation(state.StatusCode, JsonSerializer.SerializeToUtf8Bytes<JsonNode>(document, JsonMergeSerializerContext.Default.JsonNode), state.ContentType, state.EntityTag);
            return (shaped, write with { Remote = new RemoteState(shaped) }, null);
        }
        catch (Exception e) when (UntrustedJson.IsReadFailure(e) || e is InvalidOperationException)
        {
            return (null, write, e is JsonException json ? ConflictErrors.InvalidRepresentation(write, "the state read or the request body", json) : ConflictErrors.NotJsonObject(write, "the request body", read.StateAt));
        }
    }
}
