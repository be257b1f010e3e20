using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ConflictClient.Outbox.Internal;

/// <summary>The hosted sender of one client's outbox: drains when writes are queued, and keeps trying (with backoff) while offline.</summary>
internal sealed class OutboxSenderService(ConflictOutbox outbox, ILogger<OutboxSenderService> logger) : BackgroundService
{
    /// <summary>How often the sender looks again without being woken (a store shared with another process).</summary>
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = IdlePoll;
            try
            {
                var result = await outbox.DrainAsync(stoppingToken).ConfigureAwait(false);
                if (result.Offline || result.Deferred > 0)
                {
                    wait = outbox.NextOfflineDelay();
                    OutboxLog.Offline(logger, await outbox.GetWaitingCountAsync(stoppingToken).ConfigureAwait(false), wait);
                }
                else if (result.AnotherSender)
                {
                    // Logged by the drain; try again after a while.
                    wait = outbox.NextOfflineDelay();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The sender outlives a failed drain: the writes stay in the store, and it tries again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                wait = outbox.NextOfflineDelay();
                OutboxLog.DrainFailed(logger, e.GetType().Name, wait);
            }

            await outbox.WaitForWorkAsync(wait, stoppingToken).ConfigureAwait(false);
        }
    }
}
