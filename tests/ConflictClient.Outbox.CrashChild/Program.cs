using ConflictClient.Merging;
using ConflictClient.Outbox;
using Microsoft.Extensions.DependencyInjection;

// The sender of the outbox crash test. Arguments: the SQLite file and the server's address. It drains the outbox and
// prints each step, one line each, so that the test can kill it (SIGKILL) at a chosen moment:
//   INTENT <id>   the intent to send entry <id> is on disk (before a send)
//   SEND          a write is handed to the transport (the send is leaving)
//   READ          a re-fetch before a merge
//   ENDED <id>    entry <id> ended (mid-batch: others may be in flight)
//   DONE          nothing is left to send
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: ConflictClient.Outbox.CrashChild <database> <server-uri>");
    return 2;
}

var services = new ServiceCollection();
services.AddHttpClient("api", c => c.BaseAddress = new Uri(args[1]))
    .AddConflictResolution(o => o.MergeStrategy = MergeStrategy.ThreeWay())
    .AddHttpMessageHandler(() => new PhaseHandler())
    .AddConflictOutbox(o => (o.DatabasePath, o.MaxConcurrentResources, o.OfflineRetryDelay) = (args[0], 4, TimeSpan.Zero));
await using var provider = services.BuildServiceProvider();
var outbox = provider.GetConflictOutbox("api");
outbox.Progress += (_, e) =>
{
    if (e.Entry.State == OutboxEntryState.Sending)
    {
        Console.WriteLine($"INTENT {e.Entry.Id}");
    }
    else if (e.Entry.State is OutboxEntryState.Ended or OutboxEntryState.Parked)
    {
        Console.WriteLine($"ENDED {e.Entry.Id}");
    }
};

while (true)
{
    var result = await outbox.DrainAsync();
    if (!result.Offline && await outbox.GetWaitingCountAsync() == (await outbox.GetParkedAsync()).Count)
    {
        Console.WriteLine("DONE");
        return 0;
    }
}

/// <summary>Below the conflict strategy: tells the test a write is leaving, or a read is made for a merge.</summary>
internal sealed class PhaseHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Console.WriteLine(request.Method == HttpMethod.Get ? "READ" : "SEND");
        return base.SendAsync(request, cancellationToken);
    }
}
