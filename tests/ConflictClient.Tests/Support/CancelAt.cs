namespace ConflictClient.Tests.Support;

/// <summary>Where a test cancels a caller while its write goes through the handlers below conflict resolution.</summary>
public enum CancelPoint
{
    /// <summary>Not at all.</summary>
    None,

    /// <summary>Before any byte of the write leaves: it is sent with the cancelled token, so it never goes out.</summary>
    BeforeSend,

    /// <summary>After the server applied the write, while its answer is still on the way (the answer is never handed up).</summary>
    AfterApplyBeforeAnswer,

    /// <summary>As the server's answer arrives: the answer is handed up, with the caller's token cancelled.</summary>
    AsTheAnswerArrives,
}

/// <summary>
/// A handler below conflict resolution that cancels the write's caller at the point <see cref="Decide"/> picks, by the
/// write's <c>X-Operation-Id</c>: cancellation at known moments, not at the mercy of timing.
/// </summary>
public sealed class CancelAt(Func<HttpRequestMessage, (CancelPoint Point, CancellationTokenSource? Caller)> decide) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var (point, caller) = request.Method == HttpMethod.Get ? (CancelPoint.None, null) : decide(request);
        if (point == CancelPoint.BeforeSend)
        {
            await caller!.CancelAsync();
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (point == CancelPoint.AsTheAnswerArrives)
        {
            await caller!.CancelAsync();
        }
        else if (point == CancelPoint.AfterApplyBeforeAnswer)
        {
            await caller!.CancelAsync();
            if (cancellationToken.IsCancellationRequested)
            {
                // The answer would still be on its way when the caller gave up: the transport reports the cancellation.
                response.Dispose();
                throw new TaskCanceledException("The caller cancelled while the answer was on its way.", null, cancellationToken);
            }
        }

        return response;
    }
}
