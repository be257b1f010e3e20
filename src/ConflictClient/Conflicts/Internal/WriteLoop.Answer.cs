using System.Net;
using System.Text.Json.Nodes;
using ConflictClient.Http;
using ConflictClient.Merging;
using ConflictClient.Versioning;

namespace ConflictClient.Conflicts;

/// <summary>How the write loop reads and classifies a conflict-like answer.</summary>
internal static partial class WriteLoop
{
    /// <summary>
    /// Reads a conflict-like answer once (bounded), records what the sends of its message prove, classifies it, and
    /// releases it; the caller's own message is left to the caller. A 400 or 422 is kept (its body buffered), since it
    /// reaches the caller as it is if it turns out not to be a conflict.
    /// </summary>
    private static async ValueTask<(WriteProgress Write, HttpResponseMessage? Held)> ReadAnswerAsync<TState>(WriteSender<TState> sender, WritePlan plan, WriteProgress write, Attempt attempt, HttpRequestMessage sent, HttpResponseMessage answer)
    {
        var options = plan.Options;
        HttpResponseMessage? held = null;
        try
        {
            // What the sends prove is recorded before anything else can fail: reading the answer's body may.
            write = write.AfterSend(RequestSnapshot.SendsOf(sent), WriteRequests.IsKeyed(sent));
            var body = await Representation.ReadAsync(answer, options.MaxBodySize, sender.CancellationToken).ConfigureAwait(false);
            var retryAfter = options.Retry.RespectRetryAfter ? ConflictBackoff.ReadRetryAfter(answer.Headers, sender.Services.TimeProvider) : null;

            // A body that is the current state (as configured) says nothing about the error: only headers do.
            var said = new ConflictAnswer(
                answer.StatusCode, ProblemDetailsReader.TryRead(body), ErrorVocabulary.Read(options.Versions.ConflictResponseCarriesCurrent ? null : body, answer.Headers.NonValidated),
                answer.Headers.Location?.OriginalString, retryAfter, body);
            var verdict = Classify(plan, write, attempt, sent, said);
            if (said.IsMaybeConflict && body is not null)
            {
                answer.Content = Representation.Buffered(answer.Content, body.Body);
                held = answer;
            }

            return (write with
            {
                Answer = said with { Kind = verdict.Kind, IfUnchanged = verdict.IfUnchanged }, Conflicts = write.Conflicts + 1,
            }, held);
        }
        finally
        {
            if (held is null)
            {
                answer.Dispose();
            }

            if (!ReferenceEquals(sent, plan.Template.Request))
            {
                sent.Dispose();
            }
        }
    }

    private static ConflictVerdict Classify(WritePlan plan, WriteProgress write, Attempt attempt, HttpRequestMessage sent, ConflictAnswer said)
    {
        var args = new ConflictClassificationArguments(plan.Context, sent, said.Status, said.Problem, said.RetryAfter is not null, attempt.IsConditional, said.Error, plan.VersionSource.IsCreateOnly(sent.RequestUri!));
        try
        {
            return ConflictClassifier.Decide(args, plan.Options.ConflictRules);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A rule of the application that throws cannot tell what the answer means: typed, never retried.
            throw ConflictErrors.ClassificationFailed(write with { Answer = said, Conflicts = write.Conflicts + 1 }, e);
        }
    }
}
