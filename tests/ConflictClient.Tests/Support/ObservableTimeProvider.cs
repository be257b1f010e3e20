using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace ConflictClient.Tests.Support;

/// <summary>
/// A fake clock that also reports each timer created on it, so a test advances time only once the wait exists.
/// Timers are queued as they are created: a timer made before the test asks for it is handed out, never missed.
/// </summary>
public sealed class ObservableTimeProvider() : FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero))
{
    private readonly Channel<TimeSpan> _unclaimed = Channel.CreateUnbounded<TimeSpan>();
    private readonly ConcurrentQueue<TimeSpan> _created = new();

    /// <summary>Gets the due time of every timer created so far.</summary>
    public IReadOnlyList<TimeSpan> CreatedTimers => [.. _created];

    /// <summary>
    /// Completes with the due time of the oldest timer not yet handed out (waiting for one when there is none); fails
    /// with a <see cref="TimeoutException"/> when no timer is created within 30 seconds of real time, so a wait that
    /// never comes fails the test instead of hanging the run.
    /// </summary>
    public Task<TimeSpan> NextTimerAsync() => _unclaimed.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _created.Enqueue(dueTime);
        _unclaimed.Writer.TryWrite(dueTime);
        return timer;
    }
}
