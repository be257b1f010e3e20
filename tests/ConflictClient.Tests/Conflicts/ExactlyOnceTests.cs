using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using ConflictClient.Versioning;
using Microsoft.Extensions.DependencyInjection;
using Polly;

namespace ConflictClient.Tests.Conflicts;

/// <summary>
/// The promise on a real Kestrel resource: each path that used to lose, double or overwrite a write while reporting
/// success now ends applied once (success), not applied (typed), or unknown (typed, OutcomeUnknown).
/// </summary>
public sealed class ExactlyOnceTests
{
    [Fact]
    public async Task Reapply_AppliedResponseLostAndAnotherWriterWrote_ReportsOutcomeUnknownNotADouble()
    {
        await using var server = await KestrelResourceServer.StartAsync();
        server.Seed("/counters/1", new JsonObject { ["count"] = 0 });
        var faults = new Queue<ServerFault>([ServerFault.ApplyThenAbortThenOtherWrites]);
        server.Faults = () => faults.TryDequeue(out var fault) ? fault : ServerFault.None;
        await using var provider = CounterClient(server, o => o.MergeStrategy = MergeStrategy.Fail);
        var api = provider.GetRequiredService<ICounterApi>();

        var error = await Assert.ThrowsAsync<ConflictException>(() => Increment(api, "op-1"));

        Assert.Equal(ConflictFailureReason.OutcomeUnknown, error.Reason);
        Assert.Equal(1, server.AppliedCount("op-1"));
        Assert.Equal(2, server.Current("/counters/1").Body["count"]!.GetValue<int>()); // mine and the other writer's, once each
        Assert.Equal(2, error.GetRemote<Counter>()!.Count);
    }

    [Fact]
    public async Task Reapply_AppliedResponseLostWithIdempotencyKey_ServerReplaysAndTheCallSucceedsOnce()
    {
        await using var server = await KestrelResourceServer.StartAsync(s => s.EnforceIdempotencyKeys = true);
        server.Seed("/counters/1", new JsonObject { ["count"] = 0 });
        var faults = new Queue<ServerFault>([ServerFault.ApplyThenAbortThenOtherWrites]);
        server.Faults = () => faults.TryDequeue(out var fault) ? fault : ServerFault.None;
        await using var provider = CounterClient(server, o =>
        {
            o.MergeStrategy = MergeStrategy.Fail;
            o.Creates.GenerateIdempotencyKeys = true;
        });

        var result = await Increment(provider.GetRequiredService<ICounterApi>(), "op-1");

        Assert.Equal(1, result.Value.Count);
        Assert.Equal(1, server.AppliedCount("op-1"));
        Assert.Equal(2, server.Current("/counters/1").Body["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Reapply_StaleStateWithoutVersionMeets428_ReappliesTheChangeInsteadOfOverwriting()
    {
        await using var server = await KestrelResourceServer.StartAsync();
        server.Seed("/counters/1", new JsonObject { ["count"] = 5 });
        server.WriteDirectly("/counters/1", doc => doc["count"] = 7);
        await using var provider = CounterClient(server, o => o.MergeStrategy = MergeStrategy.Fail);
        var api = provider.GetRequiredService<ICounterApi>();

        // A state kept from earlier, without its ETag: the write goes out without If-Match.
        var result = await Reapply.UpdateAsync(api, new Counter { Count = 5 }, entityTag: null, (a, c, e, reapply) => a.PutAsync(1, c, e, "op-1", reapply: reapply), c => c with { Count = c.Count + 1 });

        Assert.Equal(8, server.Current("/counters/1").Body["count"]!.GetValue<int>());
        Assert.Equal(8, result.Value.Count);
        Assert.Equal(1, server.AppliedCount("op-1"));
    }

    [Fact]
    public async Task Put_WithoutVersionMeets428UnderThreeWayWithoutBase_FailsTypedAndOverwritesNothing()
    {
        await using var server = await KestrelResourceServer.StartAsync();
        server.Seed("/counters/1", new JsonObject { ["count"] = 7 });
        await using var provider = CounterClient(server, o => o.MergeStrategy = MergeStrategy.ThreeWay());

        var error = await Assert.ThrowsAsync<ConflictException>(() => provider.GetRequiredService<ICounterApi>().PutAsync(1, new Counter { Count = 6 }, null, "op-1"));

        Assert.Equal(ConflictFailureReason.MergeUnresolved, error.Reason);
        Assert.Equal(7, server.Current("/counters/1").Body["count"]!.GetValue<int>());
        Assert.Equal(0, server.AppliedCount("op-1"));
    }

    [Fact]
    public async Task Put_BodyVersionSourceWithoutVersionMeets409_IsNotRetriedAndReplacesNothing()
    {
        await using var server = await KestrelResourceServer.StartAsync(s => s.BodyVersion = true);
        server.Seed("/counters/1", new JsonObject { ["count"] = 7 });
        await using var provider = CounterClient(server, o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            o.Versions.Source = VersionSource.JsonBody("/_rev");
        });

        // A PUT-to-create without _rev meets the existing document (CouchDB's bare "conflict"): no version conflict, a duplicate.
        var error = await Assert.ThrowsAsync<DuplicateResourceException>(() => provider.GetRequiredService<ICounterApi>().PutAsync(1, new Counter { Count = 0 }, null, "op-1"));

        Assert.Equal(ConflictFailureReason.Duplicate, error.Reason);
        Assert.Equal("conflict", error.ErrorCode);
        Assert.Equal(7, server.Current("/counters/1").Body["count"]!.GetValue<int>());
        Assert.Equal(1, error.Attempts);
    }

    [Fact]
    public async Task Put_412ToAWriteThatSentNoPrecondition_IsNotRetried()
    {
        using var server = new ScriptedServer().On("PUT", "/docs/a", 412, """{"title":"file_exists"}""", "application/problem+json");
        await using var provider = TestClients.Create<IDocumentApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ClientWins);

        var error = await Assert.ThrowsAsync<DuplicateResourceException>(() => provider.GetRequiredService<IDocumentApi>().PutAsync("a", new JsonObject { ["name"] = "mine" }));

        Assert.Equal(ConflictFailureReason.Duplicate, error.Reason);
        Assert.Single(server.Server.LogEntries);
    }

    [Fact]
    public async Task Reapply_AnotherWriteInsidePut_KeepsItsOwnBodyAndStrategy()
    {
        await using var server = await KestrelResourceServer.StartAsync();
        server.Seed("/counters/1", new JsonObject { ["count"] = 1 });
        server.Seed("/counters/2", new JsonObject { ["count"] = 100 });
        server.WriteDirectly("/counters/1", doc => doc["count"] = 2);
        server.WriteDirectly("/counters/2", doc => doc["count"] = 200);
        await using var provider = CounterClient(server, o => o.MergeStrategy = MergeStrategy.Fail);
        var api = provider.GetRequiredService<ICounterApi>();
        ConflictException? unrelated = null;

        var result = await Reapply.UpdateAsync(api, new Counter { Count = 1 }, server.ETag(1), async (a, c, e, reapply) =>
        {
            // An unrelated, stale write made inside the delegate: the client's own strategy (Fail) answers it.
            unrelated = await Assert.ThrowsAsync<ConflictException>(() => a.PutAsync(2, new Counter { Count = 101 }, server.ETag(1), "other"));
            return await a.PutAsync(1, c, e, "op-1", reapply: reapply);
        }, c => c with { Count = c.Count + 1 });

        Assert.Equal(ConflictFailureReason.MergeGaveUp, unrelated!.Reason);
        Assert.Equal(200, server.Current("/counters/2").Body["count"]!.GetValue<int>());
        Assert.Equal(3, server.Current("/counters/1").Body["count"]!.GetValue<int>());
        Assert.Equal(3, result.Value.Count);
    }

    [Fact]
    public async Task Put_RetryFailsInTransportAfterItWentOut_ReportsOutcomeUnknown()
    {
        await using var server = await KestrelResourceServer.StartAsync();
        server.Seed("/counters/1", new JsonObject { ["count"] = 1 });
        server.WriteDirectly("/counters/1", doc => doc["count"] = 2);
        var faults = new Queue<ServerFault>([ServerFault.None, ServerFault.ApplyThenAbort]);
        server.Faults = () => faults.TryDequeue(out var fault) ? fault : ServerFault.None;
        await using var provider = CounterClient(server, o => o.MergeStrategy = MergeStrategy.ClientWins, transientRetries: false);

        var error = await Assert.ThrowsAsync<ConflictException>(() => provider.GetRequiredService<ICounterApi>().PutAsync(1, new Counter { Count = 9 }, server.ETag(1), "op-1"));

        Assert.Equal(ConflictFailureReason.OutcomeUnknown, error.Reason);
        Assert.IsType<HttpRequestException>(error.InnerException, exactMatch: false);
        Assert.Equal(1, server.AppliedCount("op-1"));
    }

    [Fact]
    public async Task Put_RefetchFailsInTransport_ReportsRefetchFailedTyped()
    {
        using var server = new ScriptedServer().On("PUT", "/todos/1", 412);
        await using var provider = TestClients.Create<ITodoApi>(
            server.BaseUri,
            o => o.MergeStrategy = MergeStrategy.ClientWins,
            client: b => b.AddHttpMessageHandler(() => new FailGets()));

        var error = await Assert.ThrowsAsync<ConflictException>(() => provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo(), "\"v1\""));

        Assert.Equal(ConflictFailureReason.RefetchFailed, error.Reason);
        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Contains("was not applied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_AdditiveMergeWhoseBaseWasReadUnderAnotherUri_FailsTypedInsteadOfDroppingTheIncrement()
    {
        await using var server = await KestrelResourceServer.StartAsync();
        server.Seed("/counters/1", new JsonObject { ["count"] = 0 });
        await using var provider = TestClients.Create<IQueryCounterApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ThreeWay(m => m.At("/count").Additive()));
        var api = provider.GetRequiredService<IQueryCounterApi>();
        using (await api.GetAsync(1))
        {
            // Remembered as a base under /counters/1; the write goes to /counters/1?tenant=a.
        }

        server.WriteDirectly("/counters/1", doc => doc["count"] = 1);
        var error = await Assert.ThrowsAsync<ConflictException>(() => api.PutAsync(1, new Counter { Count = 1 }, server.ETag(1), "op-1", "a"));

        Assert.Equal(ConflictFailureReason.MergeUnresolved, error.Reason);
        Assert.Contains("no base was known", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.Current("/counters/1").Body["count"]!.GetValue<int>());
        Assert.Equal(0, server.AppliedCount("op-1"));
    }

    [Fact]
    public async Task Delete_AppliedResponseLostAndResendMeets404_ReportsOutcomeUnknownNotAFailure()
    {
        await using var server = await KestrelResourceServer.StartAsync();
        server.Seed("/counters/1", new JsonObject { ["count"] = 1 });
        await using var provider = TestClients.Create<IDeletableCounterApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ClientWins, client: b =>
            b.AddFastTransientRetries().AddHttpMessageHandler(() => new LoseResponses(1)));

        var error = await Assert.ThrowsAsync<ConflictException>(() => provider.GetRequiredService<IDeletableCounterApi>().DeleteAsync(1, server.ETag(1)));

        Assert.Equal(ConflictFailureReason.OutcomeUnknown, error.Reason);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal(1, server.AppliedWrites);
    }

    [Fact]
    public async Task Put_ConflictWithGeneratedIdempotencyKey_MergedRetryCarriesItsOwnKey()
    {
        using var server = VersionedResourceServer.WithStaleTodo(new VersionedResourceSimulatorOptions { EnforceIdempotencyKeys = true });
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            o.Creates.GenerateIdempotencyKeys = true;
        });

        await provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\"");

        var puts = server.Log.Where(e => e.RequestMessage!.Method == "PUT").Select(e => e.RequestMessage!.Headers!["Idempotency-Key"].Single()).ToList();
        Assert.Equal(2, puts.Count);
        Assert.Equal($"{puts[0]}.2", puts[1]);
        Assert.Equal("mine", server.Current("/todos/1")["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reapply_AnInnerHandlerBuffersTheBodyAndTheResponseIsLost_ResendIsStillCountedAndNothingIsDoubled()
    {
        await using var server = await KestrelResourceServer.StartAsync();
        server.Seed("/counters/1", new JsonObject { ["count"] = 0 });
        await using var provider = TestClients.Create<ICounterApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.Fail, client: b =>
            b.AddFastTransientRetries().AddHttpMessageHandler(() => new BufferRequestBodies()).AddHttpMessageHandler(() => new LoseResponses(1)));

        // The buffered body is no longer serialized on each send; the innermost send counter still sees the resend.
        var error = await Assert.ThrowsAsync<ConflictException>(() =>
            Reapply.UpdateAsync(provider.GetRequiredService<ICounterApi>(), new Counter { Count = 0 }, server.ETag(1), (a, c, e, reapply) => a.PutAsync(1, c, e, "op-1", reapply: reapply), c => c with { Count = c.Count + 1 }));

        Assert.Equal(ConflictFailureReason.OutcomeUnknown, error.Reason);
        Assert.Equal(1, server.Current("/counters/1").Body["count"]!.GetValue<int>());
        Assert.Equal(1, server.AppliedCount("op-1"));
    }

    [Fact]
    public async Task Post_CreatedThenResponseLostAndTheResendCreatesAgain_ReportsOutcomeUnknownNotSuccess()
    {
        using var server = new VersionedResourceServer();
        await using var provider = TestClients.Create<IUserApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ClientWins, client: b =>
            b.AddFastTransientRetries().AddHttpMessageHandler(() => new LoseResponses(1)));

        var error = await Assert.ThrowsAsync<ConflictException>(() => provider.GetRequiredService<IUserApi>().RegisterAsync(new User { Email = "ada@example.test" }));

        // The server holds two users now: the caller is told it may have been applied twice, not "created".
        Assert.Equal(ConflictFailureReason.OutcomeUnknown, error.Reason);
        Assert.Contains("applied twice", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.InCollection("/users").Count);
    }

    [Fact]
    public async Task Post_CreatedThenResponseLostWithIdempotencyKey_TheServerReplaysAndOneUserIsCreated()
    {
        using var server = new VersionedResourceServer(new VersionedResourceSimulatorOptions { EnforceIdempotencyKeys = true });
        await using var provider = TestClients.Create<IUserApi>(server.BaseUri, o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            o.Creates.GenerateIdempotencyKeys = true;
        }, client: b => b.AddFastTransientRetries().AddHttpMessageHandler(() => new LoseResponses(1)));

        using var created = await provider.GetRequiredService<IUserApi>().RegisterAsync(new User { Email = "ada@example.test" });

        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        Assert.Single(server.InCollection("/users"));
    }

    [Fact]
    public async Task Reapply_GroupCommitBatchCannotBeBuilt_EveryQueuedCallerIsToldAndNoneHangs()
    {
        await using var server = await KestrelResourceServer.StartAsync();
        server.Seed("/counters/1", new JsonObject { ["count"] = 0 });
        var hold = new HoldWrites();
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<HttpRequestMessage, bool>();
        await using var provider = TestClients.Create<ICounterApi>(server.BaseUri, o =>
        {
            o.MergeStrategy = MergeStrategy.Fail;

            // Every caller's request is asked about as it queues; a queued caller's, asked again as it leads a batch, throws.
            o.ForRequest = args => !seen.TryAdd(args.Request, true) && args.Request.Headers.GetValues("X-Operation-Id").Single().StartsWith('q')
                ? throw new InvalidOperationException("no source")
                : null;
        }, client: b => b.AddHttpMessageHandler(() => hold));
        var api = provider.GetRequiredService<ICounterApi>();
        var start = new Counter { Count = 0 };

        var first = Reapply.UpdateAsync(api, start, server.ETag(1), (a, c, e, reapply) => a.PutAsync(1, c, e, "first", reapply: reapply), c => c with { Count = c.Count + 1 });
        await hold.Held.WaitAsync(TestContext.Current.CancellationToken);
        var queued = Enumerable.Range(0, 3).Select(i => Reapply.UpdateAsync(api, start, server.ETag(1), (a, c, e, reapply) => a.PutAsync(1, c, e, $"q{i}", reapply: reapply), c => c with { Count = c.Count + 1 })).ToList();
        hold.Release();

        await first;
        foreach (var call in queued)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => call.WaitAsync(TestContext.Current.CancellationToken));
        }

        Assert.Equal(1, server.Current("/counters/1").Body["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Put_ThreeWayWithoutBaseWhereOnlyTheBodyVersionDiffers_IsMergedNotAConflict()
    {
        await using var server = await KestrelResourceServer.StartAsync(s => s.BodyVersion = true);
        server.Seed("/counters/1", new JsonObject { ["count"] = 1 });
        server.WriteDirectly("/counters/1", doc => doc["count"] = 1);
        await using var provider = CounterClient(server, o =>
        {
            o.MergeStrategy = MergeStrategy.ThreeWay();
            o.Versions.Source = VersionSource.JsonBody("/_rev");
        });

        // No base is known; the stale _rev is the only difference, and the version is the server's to manage.
        await provider.GetRequiredService<ICounterApi>().PutAsync(1, new Counter { Count = 1, Rev = "1-r" }, null, "op-1");

        Assert.Equal(3, server.Current("/counters/1").Version);
        Assert.Equal(1, server.AppliedCount("op-1"));
    }

    internal static ServiceProvider CounterClient(KestrelResourceServer server, Action<ConflictResolutionStrategyOptions> configure, bool transientRetries = true) =>
        TestClients.Create<ICounterApi>(server.BaseUri, configure, client: b =>
        {
            if (transientRetries)
            {
                b.AddFastTransientRetries();
            }
        });

    internal static Task<ReapplyResult<Counter>> Increment(ICounterApi api, string operation) =>
        Reapply.UpdateAsync(api, a => a.GetAsync(1), (a, c, e, reapply) => a.PutAsync(1, c, e, operation, reapply: reapply), c => c with { Count = c.Count + 1 });

    private sealed class FailGets : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            request.Method == HttpMethod.Get
                ? throw new HttpRequestException("Connection refused (simulated).")
                : base.SendAsync(request, cancellationToken);
    }
}
