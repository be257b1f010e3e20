using Polly;

namespace ConflictClient.Conflicts;

/// <summary>
/// The one way a write reaches the server: it puts a message into the resilience context, for the handler running the
/// pipeline to send (<c>ResilienceHandler</c>, or ConflictClient's own).
/// Waits run on the injected <see cref="TimeProvider"/>.
/// </summary>
internal readonly struct WriteSender<TState>(
    WriteServices services,
    Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
    ResilienceContext context,
    TState state)
{
    public WriteServices Services => services;

    public ResilienceContext Context => context;

    public CancellationToken CancellationToken => context.CancellationToken;

    public bool ContinueOnCapturedContext => context.ContinueOnCapturedContext;

    public long Now => services.TimeProvider.GetTimestamp();

    /// <summary>The same sender, sending in another context (a group's write, cancelled only when all its callers are).</summary>
    public WriteSender<TState> In(ResilienceContext other) => new(services, callback, other, state);

    /// <summary>Sends whatever message the context holds, as it is (the first send, inline in the write's own frame).</summary>
    public ValueTask<Outcome<HttpResponseMessage>> SendRawAsync() => callback(context, state);

    /// <summary>Sends <paramref name="message"/> and returns its outcome; failures come back as outcomes, never thrown.</summary>
    public ValueTask<Outcome<HttpResponseMessage>> SendAsync(HttpRequestMessage message)
    {
        context.SetRequestMessage(message);
        return callback(context, state);
    }

    public Task DelayAsync(TimeSpan delay) =>
        delay > TimeSpan.Zero ? Task.Delay(delay, services.TimeProvider, context.CancellationToken) : Task.CompletedTask;
}
