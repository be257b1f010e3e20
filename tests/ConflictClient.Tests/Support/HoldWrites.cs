namespace ConflictClient.Tests.Support;

/// <summary>Holds the first write that passes until the test releases it, and tells the test when it is held.</summary>
public sealed class HoldWrites : DelegatingHandler
{
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _seen;

    public Task Held => _held.Task;

    public void Release() => _release.TrySetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Get && Interlocked.Increment(ref _seen) == 1)
        {
            _held.TrySetResult();
            await _release.Task.WaitAsync(cancellationToken);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
