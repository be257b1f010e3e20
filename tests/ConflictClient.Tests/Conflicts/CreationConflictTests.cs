using System.Net;
using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Refit;
using Polly;

namespace ConflictClient.Tests.Conflicts;

public sealed class CreationConflictTests
{
    [Fact]
    public async Task Register_DuplicateUnderFail_ThrowsWithExistingLocationAfterOneSend()
    {
        using var server = UsersServer();
        await using var provider = Users(server, o => o.Creates.DuplicatePolicy = DuplicatePolicy.Fail);

        var error = await Assert.ThrowsAsync<DuplicateResourceException>(() => provider.GetRequiredService<IUserApi>().RegisterAsync(Ada("second")));

        Assert.Equal(ConflictFailureReason.Duplicate, error.Reason);
        Assert.Equal("/users/1", error.ExistingLocation!.AbsolutePath);
        Assert.Equal("email \"ada@example.test\" is registered already.", error.ServerMessage);
        Assert.Contains("DuplicatePolicy", error.Message, StringComparison.Ordinal);
        Assert.Equal(["POST /users -> 409"], server.Log.Lines());
    }

    [Fact]
    public async Task Register_DuplicateUnderAdoptExisting_ReturnsTheExistingResourceAndCreatesNothing()
    {
        using var server = UsersServer();
        await using var provider = Users(server, o => o.Creates.DuplicatePolicy = DuplicatePolicy.AdoptExisting);

        using var response = await provider.GetRequiredService<IUserApi>().RegisterAsync(Ada("second"));
        var scope = response.GetConflictWriteResult()!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, response.Content!.Id);
        Assert.Equal("first", response.Content.Name);
        Assert.Equal(ConflictOutcome.Adopted, scope.Outcome);
        Assert.Equal(["POST /users -> 409", "GET /users/1 -> 200"], server.Log.Lines());
        Assert.Single(server.InCollection("/users"));
    }

    [Fact]
    public async Task Register_DuplicateUnderMergeIntoExisting_UpdatesItThroughTheConflictLoop()
    {
        using var server = UsersServer();
        await using var provider = Users(server, o =>
        {
            o.Creates.DuplicatePolicy = DuplicatePolicy.MergeIntoExisting;
            o.MergeStrategy = MergeStrategy.Custom<User>(args => ValueTask.FromResult(args.Merged(args.Remote with { Name = args.Local.Name })));
        });

        using var response = await provider.GetRequiredService<IUserApi>().RegisterAsync(Ada("second"));
        var scope = response.GetConflictWriteResult()!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("second", response.Content!.Name);
        Assert.Equal(ConflictOutcome.MergedIntoExisting, scope.Outcome);
        Assert.Equal(["POST /users -> 409", "GET /users/1 -> 200", "PUT /users/1 If-Match:\"v1\" -> 200"], server.Log.Lines());
        Assert.Equal("second", Assert.Single(server.InCollection("/users"))["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Register_PolicyPerRequest_OverridesTheClients()
    {
        using var server = UsersServer();
        await using var provider = Users(server, o => o.Creates.DuplicatePolicy = DuplicatePolicy.Fail);

        using var response = await provider.GetRequiredService<IUserApi>().RegisterWithPolicyAsync(Ada("second"), DuplicatePolicy.AdoptExisting);

        Assert.Equal(1, response.Content!.Id);
    }

    [Fact]
    public async Task Register_ServerDoesNotNameTheExisting_UsesTheLocatorOrExplains()
    {
        using var server = UsersServer(new VersionedResourceSimulatorOptions { UniqueMember = "email", DuplicateNamesExisting = false });
        var located = new List<string>();
        await using var withLocator = Users(server, o =>
        {
            o.Creates.DuplicatePolicy = DuplicatePolicy.AdoptExisting;
            o.Creates.ExistingResourceLocator = args =>
            {
                located.Add(JsonNode.Parse(args.RequestBody.Span)!["email"]!.GetValue<string>());
                return new Uri("/users/1", UriKind.Relative);
            };
        });
        await using var without = Users(server, o => o.Creates.DuplicatePolicy = DuplicatePolicy.AdoptExisting);

        using var adopted = await withLocator.GetRequiredService<IUserApi>().RegisterAsync(Ada("second"));
        var error = await Assert.ThrowsAsync<ConflictException>(() => without.GetRequiredService<IUserApi>().RegisterAsync(Ada("third")));

        Assert.Equal(1, adopted.Content!.Id);
        Assert.Equal(["ada@example.test"], located);
        Assert.Equal(ConflictFailureReason.Duplicate, error.Reason);
        Assert.Contains("ExistingResourceLocator", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutThing_CreateOnly_SendsIfNoneMatchStarAndTreats412AsDuplicate()
    {
        using var server = new VersionedResourceServer();
        server.Seed("/things/taken", new JsonObject { ["v"] = 1 });
        await using var provider = Users(server, _ => { });
        var api = provider.GetRequiredService<IUserApi>();

        using var created = await api.PutThingAsync("new", new JsonObject { ["v"] = 2 }, createOnly: true);
        var error = await Assert.ThrowsAsync<DuplicateResourceException>(() => api.PutThingAsync("taken", new JsonObject { ["v"] = 3 }, createOnly: true));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, error.StatusCode);
        Assert.All(server.Log, e => Assert.Equal("*", e.Header("If-None-Match")));
        Assert.Equal(["PUT /things/new -> 201", "PUT /things/taken -> 412"], server.Log.Lines());
        Assert.Equal(1, server.Current("/things/taken")["v"]!.GetValue<int>());
    }

    [Fact]
    public async Task Register_CreateOnlyOption_SendsIfNoneMatchStarOnPost()
    {
        using var server = UsersServer();
        await using var provider = Users(server, o => o.Creates.CreateOnly = true);

        using var response = await provider.GetRequiredService<IUserApi>().RegisterAsync(new User { Email = "new@example.test" });

        Assert.Equal("*", Assert.Single(server.Log).Header("If-None-Match"));
    }

    [Fact]
    public async Task Register_GeneratedIdempotencyKeys_DifferPerCallAndRepeatOnInFlightRetry()
    {
        using var server = UsersServer(new VersionedResourceSimulatorOptions { UniqueMember = "email", EnforceIdempotencyKeys = true, RetryAfterSeconds = 3 });
        var time = new ObservableTimeProvider();
        await using var provider = Users(server, o => o.Creates.GenerateIdempotencyKeys = true, time);
        var api = provider.GetRequiredService<IUserApi>();
        server.ReportInFlight(1);
        var timer = time.NextTimerAsync();

        var first = api.RegisterAsync(new User { Email = "one@example.test" });
        Assert.Equal(TimeSpan.FromSeconds(3), await timer);
        Assert.Single(server.Log);
        time.Advance(TimeSpan.FromSeconds(3));
        using var created = await first;
        using var second = await api.RegisterAsync(new User { Email = "two@example.test" });

        var keys = server.Log.Select(e => e.Header("Idempotency-Key")).ToArray();
        Assert.Equal(["POST /users -> 409", "POST /users -> 201", "POST /users -> 201"], server.Log.Lines());
        Assert.True(Guid.TryParse(keys[0], out _));
        Assert.Equal(keys[0], keys[1]);
        Assert.NotEqual(keys[1], keys[2]);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task Register_ResponseLostAndTransientRetry_KeepsTheKeyAndCreatesOnce()
    {
        using var server = UsersServer(new VersionedResourceSimulatorOptions { UniqueMember = "email", EnforceIdempotencyKeys = true });
        await using var provider = Users(server, o => o.Creates.GenerateIdempotencyKeys = true, client: b => b.AddFastTransientRetries().AddHttpMessageHandler(() => new LoseResponses(1)));

        using var response = await provider.GetRequiredService<IUserApi>().RegisterAsync(new User { Email = "one@example.test" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var keys = server.Log.Select(e => e.Header("Idempotency-Key")).Distinct().ToArray();
        Assert.Single(keys);
        Assert.Equal(["POST /users -> 201", "POST /users -> 201"], server.Log.Lines());
        Assert.Equal(2, server.InCollection("/users").Count);
        Assert.Equal(1, server.AppliedWrites);
    }

    [Fact]
    public async Task Register_KeyReusedWithAnotherPayload_Throws422Typed()
    {
        using var server = UsersServer(new VersionedResourceSimulatorOptions { UniqueMember = "email", EnforceIdempotencyKeys = true });
        await using var provider = Users(server, _ => { });
        var api = provider.GetRequiredService<IUserApi>();
        using var first = await api.RegisterWithKeyAsync(new User { Email = "one@example.test" }, "key-1");

        var error = await Assert.ThrowsAsync<ConflictException>(() => api.RegisterWithKeyAsync(new User { Email = "two@example.test" }, "key-1"));

        Assert.Equal(ConflictFailureReason.IdempotencyKeyReused, error.Reason);
        Assert.Contains("key-1", error.Message, StringComparison.Ordinal);
        Assert.Equal(["POST /users -> 201", "POST /users -> 422"], server.Log.Lines());
    }

    [Fact]
    public async Task Update_PreconditionRequired_FetchesTheVersionAndResendsConditionally()
    {
        using var server = new VersionedResourceServer(new VersionedResourceSimulatorOptions { RequirePrecondition = true });
        server.Seed("/todos/1", new JsonObject { ["title"] = "original" });
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ClientWins);

        var saved = await provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, ifMatch: null);

        Assert.Equal("mine", saved.Title);
        Assert.Equal(["PUT /todos/1 -> 428", "GET /todos/1 -> 200", "PUT /todos/1 If-Match:\"v1\" -> 200"], server.Log.Lines());
    }

    [Fact]
    public async Task Update_PreconditionRequiredTwice_FailsTypedAfterOneResend()
    {
        using var server = new ScriptedServer()
            .On("PUT", "/todos/1", 428, """{"title":"Precondition Required","status":428}""", "application/problem+json")
            .On("GET", "/todos/1", 200, """{"title":"t"}""", headers: ("ETag", "\"v7\""));
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ClientWins);

        var error = await Assert.ThrowsAsync<ConflictException>(() => provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, ifMatch: null));

        Assert.Equal(ConflictFailureReason.PreconditionRequired, error.Reason);
        Assert.Equal(["PUT /todos/1 -> 428", "GET /todos/1 -> 200", "PUT /todos/1 If-Match:\"v7\" -> 428"], server.Server.LogEntries.Lines());
    }

    [Fact]
    public async Task Update_BusinessRuleConflict_IsSentExactlyOnceAndFailsWithTheProblem()
    {
        using var server = new ScriptedServer().On(
            "PUT", "/todos/1", 409, """{"type":"https://example.test/problems/locked","title":"Account locked","status":409,"code":"ACCOUNT_LOCKED"}""", "application/problem+json");
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ClientWins);

        var error = await Assert.ThrowsAsync<ConflictException>(() => provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\""));

        Assert.Equal(ConflictFailureReason.BusinessRule, error.Reason);
        Assert.Equal("Account locked", error.Problem?.Title);
        Assert.Equal(["PUT /todos/1 If-Match:\"v1\" -> 409"], server.Server.LogEntries.Lines());
    }

    [Fact]
    public async Task ConflictRules_RuleThrows_FailsUnclassifiedAndSendsNothingMore()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            o.ConflictRules.Add(ConflictRule.When(_ => throw new FormatException("rule bug"), ConflictKind.VersionConflict));
        });

        var error = await Assert.ThrowsAsync<ConflictException>(() => provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\""));

        // A rule that cannot tell what the answer means is no licence to retry: the stale write is never forced through.
        Assert.Equal(ConflictFailureReason.Unclassified, error.Reason);
        Assert.IsType<FormatException>(error.InnerException);
        Assert.Contains("ConflictRules", error.Message, StringComparison.Ordinal);
        Assert.Equal(["PUT /todos/1 If-Match:\"v1\" -> 412"], server.Server.LogEntries.Lines());
        Assert.Equal("theirs", server.Current("/todos/1")["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task ConflictRules_ApplicationCodes_OverrideTheDefaults()
    {
        using var locked = new ScriptedServer().On(
            "PUT", "/todos/1", 409, """{"title":"Stale account","status":409,"code":"ACCOUNT_LOCKED"}""", "application/problem+json");
        using var users = UsersServer(new VersionedResourceSimulatorOptions
        {
            UniqueMember = "email",
            DuplicateType = "https://example.test/problems/registration",
            DuplicateTitle = "Cannot register",
            DuplicateCode = "E1042",
            DuplicateDetail = "Please choose another e-mail address.",
        });
        await using var todos = TestClients.Create<ITodoApi>(locked.BaseUri, o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            o.ConflictRules.Add(ConflictRule.ForErrorCode("ACCOUNT_LOCKED", ConflictKind.BusinessRule));
        });
        await using var signups = Users(users, o =>
        {
            o.Creates.DuplicatePolicy = DuplicatePolicy.AdoptExisting;
            o.ConflictRules.Add(ConflictRule.ForErrorCode("E1042", ConflictKind.Duplicate));
        });
        await using var signupsWithoutRule = Users(users, o => o.Creates.DuplicatePolicy = DuplicatePolicy.AdoptExisting);

        var lockedError = await Assert.ThrowsAsync<ConflictException>(() => todos.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo(), "\"v1\""));
        using var adopted = await signups.GetRequiredService<IUserApi>().RegisterAsync(Ada("second"));
        var withoutRule = await Assert.ThrowsAsync<ConflictException>(() => signupsWithoutRule.GetRequiredService<IUserApi>().RegisterAsync(Ada("third")));

        Assert.Equal(ConflictFailureReason.BusinessRule, lockedError.Reason);
        Assert.Single(locked.Server.LogEntries);
        Assert.Equal(1, adopted.Content!.Id);
        Assert.Equal(ConflictFailureReason.BusinessRule, withoutRule.Reason);
    }

    [Fact]
    public async Task Update_AppliedButResponseLostThenTransientRetryMeets412_ReportsOutcomeUnknownWithTheState()
    {
        using var server = new VersionedResourceServer();
        server.Seed("/todos/1", new JsonObject { ["title"] = "original", ["done"] = false, ["tags"] = new JsonArray() });
        await using var provider = TestClients.Create<ITodoApi>(
            server.BaseUri,
            o => o.MergeStrategy = MergeStrategy.ClientWins,
            client: b => b.AddFastTransientRetries().AddHttpMessageHandler(() => new LoseResponses(1)));

        var error = await Assert.ThrowsAsync<ConflictException>(() => provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\""));

        // The state equals what was sent, but another writer could have written the same: never guess, tell.
        Assert.Equal(ConflictFailureReason.OutcomeUnknown, error.Reason);
        Assert.Contains("may have been applied", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("was not applied", error.Message, StringComparison.Ordinal);
        Assert.Equal("mine", error.GetRemote<Todo>()!.Title);
        Assert.Equal(1, server.AppliedWrites);
        Assert.Equal(["PUT", "PUT", "GET"], server.Log.Select(e => e.RequestMessage!.Method));
    }

    [Fact]
    public async Task Update_AppliedButResponseLostWithIdempotencyKey_ServerReplaysAndTheCallSucceeds()
    {
        using var server = new VersionedResourceServer(new VersionedResourceSimulatorOptions { EnforceIdempotencyKeys = true });
        server.Seed("/todos/1", new JsonObject { ["title"] = "original", ["done"] = false, ["tags"] = new JsonArray() });
        await using var provider = TestClients.Create<ITodoApi>(
            server.BaseUri,
            o =>
            {
                o.MergeStrategy = MergeStrategy.ClientWins;
                o.Creates.GenerateIdempotencyKeys = true;
            },
            client: b => b.AddFastTransientRetries().AddHttpMessageHandler(() => new LoseResponses(1)));

        var scope = new ConflictWriteResult();
        var saved = await provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\"", result: scope);

        Assert.Equal("mine", saved.Title);
        Assert.Equal(ConflictOutcome.Written, scope.Outcome);
        Assert.Equal(1, server.AppliedWrites);
        var keys = server.Log.Select(e => e.RequestMessage!.Headers!["Idempotency-Key"].Single()).ToList();
        Assert.Equal(2, keys.Count);
        Assert.Equal(keys[0], keys[1]);
    }

    [Fact]
    public async Task Register_TwoConcurrentCreatesUnderAdoptExisting_EndWithOneResource()
    {
        using var server = new VersionedResourceServer(new VersionedResourceSimulatorOptions { UniqueMember = "email" });
        await using var provider = Users(server, o => o.Creates.DuplicatePolicy = DuplicatePolicy.AdoptExisting);
        var api = provider.GetRequiredService<IUserApi>();

        var results = await Task.WhenAll(
            Task.Run(() => api.RegisterAsync(Ada("one")), TestContext.Current.CancellationToken),
            Task.Run(() => api.RegisterAsync(Ada("two")), TestContext.Current.CancellationToken));

        Assert.Equal(results[0].Content!.Id, results[1].Content!.Id);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Created], results.Select(r => r.StatusCode).Order());
        Assert.Single(server.InCollection("/users"));
        Assert.Equal(1, server.AppliedWrites);
        foreach (var result in results)
        {
            result.Dispose();
        }
    }

    /// <summary>The standard handler inside the conflict handler (the documented order), retrying at once.</summary>
    private static User Ada(string name) => new() { Email = "ada@example.test", Name = name };

    private static VersionedResourceServer UsersServer(VersionedResourceSimulatorOptions? options = null)
    {
        var server = new VersionedResourceServer(options ?? new VersionedResourceSimulatorOptions { UniqueMember = "email" });
        server.Seed("/users/1", new JsonObject { ["id"] = 1, ["email"] = "ada@example.test", ["name"] = "first" });
        return server;
    }

    private static ServiceProvider Users(VersionedResourceServer server, Action<ConflictResolutionStrategyOptions> configure, TimeProvider? time = null, Action<IHttpClientBuilder>? client = null) =>
        TestClients.Create<IUserApi>(server.BaseUri, o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            configure(o);
        }, time, client);
}
