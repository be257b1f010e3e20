using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace ConflictClient.Tests.Support;

/// <summary>A fake clock that also reports each timer created on it, so a test advances time only once the wait exists.</summary>
public sealed class ObservableTimeProvider() : FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero))
{
    private readonly ConcurrentQueue<TaskCompletionSource<TimeSpan>> _waiters = new();
    private readonly ConcurrentQueue<TimeSpan> _created = new();

    /// <summary>Gets the due time of every timer created so far.</summary>
    public IReadOnlyList<TimeSpan> CreatedTimers => [.. _created];

    /// <summary>Completes with the due time of the next timer created.</summary>
    public Task<TimeSpan> NextTimerAsync()
    {
        var waiter = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Enqueue(waiter);
        return waiter.Task;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _created.Enqueue(dueTime);
        if (_waiters.TryDequeue(out var waiter))
        {
            waiter.TrySetResult(dueTime);
        }

        return timer;
    }
}
