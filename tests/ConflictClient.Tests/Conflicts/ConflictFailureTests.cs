using System.Net;
using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using ConflictClient.Versioning;
using Microsoft.Extensions.DependencyInjection;

namespace ConflictClient.Tests.Conflicts;

public sealed class ConflictFailureTests
{
    [Fact]
    public async Task UpdateAsync_MergeGivesUp_ThrowsWithServerStateAndWritesNothing()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o =>
            o.MergeStrategy = MergeStrategy.Custom<Todo>(args => ValueTask.FromResult(args.GiveUp("titles differ"))));

        var error = await Assert.ThrowsAsync<ConflictException>(() =>
            provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\""));

        Assert.Equal(ConflictFailureReason.MergeGaveUp, error.Reason);
        Assert.Contains("titles differ", error.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.PreconditionFailed, error.StatusCode);
        Assert.Equal(HttpMethod.Put, error.Method);
        Assert.Equal(1, error.Attempts);
        Assert.Equal("\"v2\"", error.RemoteVersion.Value);
        Assert.Equal("theirs", error.GetRemote<Todo>()!.Title);
        Assert.Equal("theirs", Assert.IsType<Todo>(error.RemoteValue).Title);
        Assert.Equal(["PUT /todos/1 If-Match:\"v1\" -> 412", "GET /todos/1 -> 200"], server.Log.Lines());
        Assert.Equal(2, server.VersionOf("/todos/1"));
    }

    [Fact]
    public async Task UpdateAsync_AttemptsSpent_ThrowsWithLastServerStateAndProblemDetails()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        server.RejectNextWrites(100);
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            o.Retry.MaxAttempts = 3;
            o.Retry.BaseDelay = TimeSpan.Zero;
        });

        var error = await Assert.ThrowsAsync<ConflictException>(() =>
            provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\""));

        Assert.Equal(ConflictFailureReason.AttemptsExhausted, error.Reason);
        Assert.Equal(3, error.Attempts);
        Assert.Contains("MaxAttempts", error.Message, StringComparison.Ordinal);
        Assert.Equal("theirs", JsonNode.Parse(error.RemoteContent!)!["title"]!.GetValue<string>());
        Assert.Equal("\"v4\"", error.RemoteVersion.Value); // every rejected write was beaten by another writer: v2, v3, v4
        Assert.NotNull(error.Problem);
        Assert.Equal("Version mismatch", error.Problem.Title);
        Assert.Equal("https://example.test/problems/version-mismatch", error.Problem.Type);
        Assert.Equal(412, error.Problem.Status);
        Assert.Equal(4, error.Problem.Extensions["currentVersion"].GetInt32());
        Assert.Equal(
            [
                "PUT /todos/1 If-Match:\"v1\" -> 412", "GET /todos/1 -> 200",
                "PUT /todos/1 If-Match:\"v2\" -> 412", "GET /todos/1 -> 200",
                "PUT /todos/1 If-Match:\"v3\" -> 412", "GET /todos/1 -> 200",
            ],
            server.Log.Lines());
        Assert.Equal("theirs", server.Current("/todos/1")["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task UpdateAsync_MergeDelegateThrows_ThrowsMergeFailedWithCauseAndWritesNothing()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o =>
            o.MergeStrategy = MergeStrategy.Custom<Todo>(_ => throw new InvalidOperationException("merge bug")));

        var error = await Assert.ThrowsAsync<ConflictException>(() =>
            provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\""));

        Assert.Equal(ConflictFailureReason.MergeFailed, error.Reason);
        Assert.Equal("merge bug", Assert.IsType<InvalidOperationException>(error.InnerException).Message);
        Assert.Equal(["PUT /todos/1 If-Match:\"v1\" -> 412", "GET /todos/1 -> 200"], server.Log.Lines());
        Assert.Equal(2, server.VersionOf("/todos/1"));
    }

    [Fact]
    public async Task PutAsync_MalformedRemoteJson_ThrowsInvalidRepresentation()
    {
        using var server = new ScriptedServer()
            .On("PUT", "/docs/a", 409)
            .On("GET", "/docs/a", 200, "{\"version\": 2, \"name\": ", headers: ("ETag", "\"v2\""));
        await using var provider = TestClients.Create<IDocumentApi>(server.BaseUri, o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            o.Versions.Source = VersionSource.JsonBody("/version");
        });

        var error = await Assert.ThrowsAsync<ConflictException>(() =>
            provider.GetRequiredService<IDocumentApi>().PutAsync("a", new JsonObject { ["version"] = 1 }));

        Assert.Equal(ConflictFailureReason.InvalidRepresentation, error.Reason);
        Assert.Contains("the server's current representation is not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(error.InnerException);
        Assert.Equal(["PUT /docs/a -> 409", "GET /docs/a -> 200"], server.Server.LogEntries.Lines());
    }

    [Fact]
    public async Task UpdateAsync_CurrentRepresentationWithoutETag_ThrowsVersionTokenMissing()
    {
        using var server = new ScriptedServer()
            .On("PUT", "/todos/1", 412)
            .On("GET", "/todos/1", 200, "{\"title\":\"theirs\"}");
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ClientWins);

        var error = await Assert.ThrowsAsync<ConflictException>(() =>
            provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\""));

        Assert.Equal(ConflictFailureReason.VersionTokenMissing, error.Reason);
        Assert.Contains("no ETag header", error.Message, StringComparison.Ordinal);
        Assert.Contains("VersionSource.JsonBody", error.Message, StringComparison.Ordinal);
        Assert.Equal("{\"title\":\"theirs\"}", error.RemoteContent);
        Assert.Equal(["PUT /todos/1 If-Match:\"v1\" -> 412", "GET /todos/1 -> 200"], server.Server.LogEntries.Lines());
    }

    [Fact]
    public async Task PutAsync_CurrentRepresentationWithoutBodyVersion_ThrowsVersionTokenMissing()
    {
        using var server = new ScriptedServer()
            .On("PUT", "/docs/a", 409)
            .On("GET", "/docs/a", 200, "{\"name\":\"theirs\"}");
        await using var provider = TestClients.Create<IDocumentApi>(server.BaseUri, o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            o.Versions.Source = VersionSource.JsonBody("/meta/rev");
        });

        var error = await Assert.ThrowsAsync<ConflictException>(() =>
            provider.GetRequiredService<IDocumentApi>().PutAsync("a", new JsonObject { ["name"] = "mine", ["meta"] = new JsonObject { ["rev"] = "1" } }));

        Assert.Equal(ConflictFailureReason.VersionTokenMissing, error.Reason);
        Assert.Contains("'/meta/rev'", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.Server.LogEntries.Count);
    }

    [Fact]
    public async Task UpdateAsync_ResourceDeletedMeanwhile_ThrowsRefetchFailed()
    {
        using var server = new ScriptedServer()
            .On("PUT", "/todos/1", 412)
            .On("GET", "/todos/1", 404, "{\"title\":\"Not Found\",\"status\":404}", "application/problem+json");
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ClientWins);

        var error = await Assert.ThrowsAsync<ConflictException>(() =>
            provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\""));

        Assert.Equal(ConflictFailureReason.RefetchFailed, error.Reason);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Contains("the resource is gone", error.Message, StringComparison.Ordinal);
        Assert.Equal("Not Found", error.Problem?.Title);
    }

    [Fact]
    public async Task CreateAsync_Duplicate_ThrowsDuplicateAfterOneSend()
    {
        using var server = new ScriptedServer().On(
            "POST", "/todos", 409, "{\"type\":\"https://example.test/problems/duplicate\",\"title\":\"Duplicate\",\"detail\":\"A todo with this title exists.\"}", "application/problem+json");
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ClientWins);

        var error = await Assert.ThrowsAsync<DuplicateResourceException>(() =>
            provider.GetRequiredService<ITodoApi>().CreateAsync(new Todo { Title = "mine" }));

        Assert.Equal(ConflictFailureReason.Duplicate, error.Reason);
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Contains("A todo with this title exists.", error.Message, StringComparison.Ordinal);
        Assert.Equal("Duplicate", error.Problem?.Title);
        Assert.Equal(["POST /todos -> 409"], server.Server.LogEntries.Lines());
    }

    [Fact]
    public async Task UpdateAsync_ShouldHandleNarrowed_PassesConflictThroughUntouched()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            o.ShouldHandle = args => ValueTask.FromResult(args.IsDefaultConflict && args.Response.StatusCode != HttpStatusCode.PreconditionFailed);
        });

        var error = await Assert.ThrowsAnyAsync<Refit.ApiException>(() =>
            provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\""));

        Assert.Equal(HttpStatusCode.PreconditionFailed, error.StatusCode);
        Assert.Equal(["PUT /todos/1 If-Match:\"v1\" -> 412"], server.Log.Lines());
    }

    [Fact]
    public async Task UpdateAsync_ShouldHandleWidened_RetriesBusinessSpecificStatus()
    {
        using var server = VersionedResourceServer.WithStaleTodo(new VersionedResourceSimulatorOptions { MismatchStatus = HttpStatusCode.BadRequest });
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            o.ShouldHandle = args => ValueTask.FromResult(args.IsDefaultConflict || args.Response.StatusCode == HttpStatusCode.BadRequest);
        });

        await provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\"");

        Assert.Equal(["PUT /todos/1 If-Match:\"v1\" -> 400", "GET /todos/1 -> 200", "PUT /todos/1 If-Match:\"v2\" -> 200"], server.Log.Lines());
    }

    [Fact]
    public async Task UpdateAsync_RefitDefaultSettings_WrapsConflictExceptionInApiRequestException()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        server.RejectNextWrites(100);
        await using var provider = TestClients.Create<ITodoApi>(
            server.BaseUri,
            o =>
            {
                o.MergeStrategy = MergeStrategy.ClientWins;
                o.Retry.MaxAttempts = 1;
            },
            refitSettings: TestJson.Refit()); // Refit's own exception handling, with the JSON it needs

        var error = await Assert.ThrowsAsync<Refit.ApiRequestException>(() =>
            provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\""));

        Assert.Equal(ConflictFailureReason.AttemptsExhausted, Assert.IsType<ConflictException>(error.InnerException).Reason);
    }

    [Fact]
    public async Task UpdateAsync_BusinessRule_OnConflictIsToldThereIsNoRetry()
    {
        using var server = new ScriptedServer().On("PUT", "/todos/1", 409, """{"title":"Account locked","code":"ACCOUNT_LOCKED"}""", "application/problem+json");
        var seen = new List<OnConflictArguments>();
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            o.OnConflict = args =>
            {
                seen.Add(args);
                return ValueTask.CompletedTask;
            };
        });

        var error = await Assert.ThrowsAsync<ConflictException>(() => provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo(), "\"v1\""));

        Assert.Equal(ConflictFailureReason.BusinessRule, error.Reason);
        var conflict = Assert.Single(seen);
        Assert.Equal(ConflictKind.BusinessRule, conflict.Kind);
        Assert.False(conflict.WillRetry);
        Assert.Equal(TimeSpan.Zero, conflict.RetryDelay);
    }

    [Fact]
    public async Task DeleteAsync_BodyVersionsAndRefitsEmptyBody_RetriesWithTheCurrentETagNotAJsonError()
    {
        using var server = new ScriptedServer()
            .On("DELETE", "/todos/1", 412)
            .On("GET", "/todos/1", 200, """{"title":"t","version":2}""", "application/json", ("ETag", "\"v2\""));
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            o.Versions.Source = VersionSource.JsonBody("/version");
            o.Retry.MaxAttempts = 2;
        });

        var error = await Assert.ThrowsAsync<ConflictException>(() => provider.GetRequiredService<ITodoApi>().DeleteAsync(1, "\"v1\""));

        Assert.Equal(ConflictFailureReason.AttemptsExhausted, error.Reason);
        var deletes = server.Server.LogEntries.Where(e => e.RequestMessage!.Method == "DELETE").ToList();
        Assert.Equal(2, deletes.Count);
        Assert.Equal("\"v2\"", deletes[1].RequestMessage!.Headers!["If-Match"].Single());
    }

    [Fact]
    public async Task UpdateAsync_UriWithUserInfo_NeverPutsItInTheMessage()
    {
        using var server = new ScriptedServer()
            .On("PUT", "/todos/1", 412)
            .On("GET", "/todos/1", 404);
        var withSecret = new UriBuilder(server.BaseUri) { UserName = "user", Password = "s3cr3t" }.Uri;
        await using var provider = TestClients.Create<ITodoApi>(withSecret, o => o.MergeStrategy = MergeStrategy.ClientWins);

        var error = await Assert.ThrowsAsync<ConflictException>(() => provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo(), "\"v1\"", tenant: "key-in-query"));

        Assert.Equal(ConflictFailureReason.RefetchFailed, error.Reason);
        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("user@", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("key-in-query", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateAsync_RefetchRedirectedToAnotherOrigin_RefusesThatStateAndWritesNothing()
    {
        using var elsewhere = new ScriptedServer().On("GET", "/todos/1", 200, """{"title":"elsewhere"}""", "application/json", ("ETag", "\"v9\""));
        using var server = new ScriptedServer()
            .On("PUT", "/todos/1", 412)
            .On("GET", "/todos/1", 302, headers: ("Location", new Uri(elsewhere.BaseUri, "/todos/1").AbsoluteUri));
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ClientWins);

        var error = await Assert.ThrowsAsync<ConflictException>(() => provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo(), "\"v1\""));

        Assert.Equal(ConflictFailureReason.CrossOriginRefetch, error.Reason);
        Assert.Single(server.Server.LogEntries, e => e.RequestMessage!.Method == "PUT");
        Assert.Empty(elsewhere.Server.LogEntries); // the re-fetch, with the write's headers, never went there
    }

    [Fact]
    public async Task UpdateAsync_ServerBusyOnEveryAttemptWithoutIdempotencyKey_IsNotAppliedNotUnknown()
    {
        using var server = new ScriptedServer().On("PUT", "/todos/1", 409, """{"message":"Another operation is in progress on this resource. Please try again."}""");
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            o.Retry.MaxAttempts = 3;
            o.Retry.BaseDelay = TimeSpan.Zero;
        });

        var error = await Assert.ThrowsAsync<ConflictException>(() => provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo(), null));

        // Every send was refused outright: not applied. (With an Idempotency-Key, "still processing" would be unknown.)
        Assert.Equal(ConflictFailureReason.AttemptsExhausted, error.Reason);
        Assert.Contains("not applied", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, server.Server.LogEntries.Count());
    }
}
