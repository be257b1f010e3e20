using System.Net;
using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using ConflictClient.Versioning;
using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace ConflictClient.Tests.Conflicts;

public sealed class ConflictResolutionStrategyTests
{
    [Theory]
    [InlineData(HttpStatusCode.PreconditionFailed)]
    [InlineData(HttpStatusCode.Conflict)]
    public async Task UpdateAsync_StaleETagMeetsConflict_RefetchesAndRetriesWithCurrentETag(HttpStatusCode mismatch)
    {
        using var server = VersionedResourceServer.WithStaleTodo(new VersionedResourceSimulatorOptions { MismatchStatus = mismatch });
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ClientWins);
        var api = provider.GetRequiredService<ITodoApi>();

        var scope = new ConflictWriteResult();
        var result = await api.UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\"", result: scope);

        Assert.Equal("mine", result.Title);
        Assert.Equal(
            [$"PUT /todos/1 If-Match:\"v1\" -> {(int)mismatch}", "GET /todos/1 -> 200", "PUT /todos/1 If-Match:\"v2\" -> 200"],
            server.Log.Lines());
        Assert.Equal("mine", server.Current("/todos/1")["title"]!.GetValue<string>());
        Assert.Equal(3, server.VersionOf("/todos/1"));
        Assert.Equal(ConflictOutcome.WrittenAfterConflict, scope.Outcome);
        Assert.Equal(2, scope.Attempts);
        Assert.Equal(1, scope.Conflicts);
    }

    [Fact]
    public async Task UpdateAsync_NoConflict_SendsOnceAndReportsWritten()
    {
        using var server = new VersionedResourceServer();
        server.Seed("/todos/1", new JsonObject { ["title"] = "original" });
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ClientWins);

        var scope = new ConflictWriteResult();
        await provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\"", result: scope);

        Assert.Equal(["PUT /todos/1 If-Match:\"v1\" -> 200"], server.Log.Lines());
        Assert.Equal(ConflictOutcome.Written, scope.Outcome);
        Assert.Equal(0, scope.Conflicts);
    }

    [Theory]
    [InlineData(ETagStyle.Weak, "W/\"v1\"", "W/\"v2\"")]
    [InlineData(ETagStyle.Unquoted, "v1", "v2")]
    public async Task UpdateAsync_WeakOrUnquotedETag_IsSentBackVerbatim(ETagStyle style, string stale, string current)
    {
        using var server = VersionedResourceServer.WithStaleTodo(new VersionedResourceSimulatorOptions { ETagStyle = style });
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ClientWins);

        await provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, stale);

        Assert.Equal(
            [$"PUT /todos/1 If-Match:{stale} -> 412", "GET /todos/1 -> 200", $"PUT /todos/1 If-Match:{current} -> 200"],
            server.Log.Lines());
        Assert.Equal("mine", server.Current("/todos/1")["title"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/metadata/resourceVersion", true)]
    [InlineData("/version", false)]
    public async Task PutAsync_BodyVersionAtPointer_WritesCurrentVersionIntoBodyWithoutIfMatch(string pointer, bool versionIsString)
    {
        using var server = new VersionedResourceServer(new VersionedResourceSimulatorOptions
        {
            Placement = VersionPlacement.Body,
            BodyVersionPath = pointer,
            BodyVersionAsString = versionIsString,
        });
        server.Seed("/docs/a", new JsonObject { ["name"] = "original" });
        var stale = await ReadAsync(server, "/docs/a");
        server.WriteDirectly("/docs/a", doc => doc["name"] = "theirs");
        await using var provider = TestClients.Create<IDocumentApi>(server.BaseUri, o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            o.Versions.Source = VersionSource.JsonBody(pointer);
        });
        stale["name"] = "mine";

        var result = await provider.GetRequiredService<IDocumentApi>().PutAsync("a", stale);

        var log = server.Log.Skip(1).ToArray();
        Assert.Equal(["PUT /docs/a -> 409", "GET /docs/a -> 200", "PUT /docs/a -> 200"], log.Lines());
        var resent = JsonNode.Parse(log[2].RequestMessage!.Body!)!;
        var expectedVersion = versionIsString ? "\"2\"" : "2";
        Assert.Equal(expectedVersion, Navigate(resent, pointer)?.ToJsonString());
        Assert.Equal("mine", resent["name"]!.GetValue<string>());
        Assert.Equal("mine", result["name"]!.GetValue<string>());
        Assert.Equal(3, server.VersionOf("/docs/a"));
    }

    [Fact]
    public async Task UpdateAsync_ServerWins_ReturnsServerStateAndDoesNotWrite()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ServerWins);

        using var response = await provider.GetRequiredService<ITodoApi>().UpdateWithResponseAsync(1, new Todo { Title = "mine" }, "\"v1\"");
        var scope = response.GetConflictWriteResult()!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("theirs", response.Content!.Title);
        Assert.Equal("\"v2\"", response.Headers!.ETag!.ToString());
        Assert.Equal(ConflictOutcome.ServerWon, scope.Outcome);
        Assert.Equal(["PUT /todos/1 If-Match:\"v1\" -> 412", "GET /todos/1 -> 200"], server.Log.Lines());
        Assert.Equal("theirs", server.Current("/todos/1")["title"]!.GetValue<string>());
        Assert.Equal(2, server.VersionOf("/todos/1"));
    }

    [Fact]
    public async Task DeleteAsync_StaleETag_RetriesDeleteWithCurrentETag()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ClientWins);

        await provider.GetRequiredService<ITodoApi>().DeleteAsync(1, "\"v1\"");

        Assert.Equal(
            ["DELETE /todos/1 If-Match:\"v1\" -> 412", "GET /todos/1 -> 200", "DELETE /todos/1 If-Match:\"v2\" -> 204"],
            server.Log.Lines());
        Assert.Throws<KeyNotFoundException>(() => server.Current("/todos/1"));
    }

    [Fact]
    public async Task UpdateAsync_ConflictResponseCarriesCurrent_RetriesWithoutGet()
    {
        using var server = VersionedResourceServer.WithStaleTodo(new VersionedResourceSimulatorOptions { ConflictBodyCarriesCurrent = true });
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            o.Versions.ConflictResponseCarriesCurrent = true;
        });

        await provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\"");

        Assert.Equal(["PUT /todos/1 If-Match:\"v1\" -> 412", "PUT /todos/1 If-Match:\"v2\" -> 200"], server.Log.Lines());
    }

    [Fact]
    public async Task UpdateAsync_WithStandardResilienceHandlerInside_ResolvesConflict()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        await using var provider = TestClients.Create<ITodoApi>(
            server.BaseUri,
            o => o.MergeStrategy = MergeStrategy.ClientWins,
            client: builder => builder.AddStandardResilienceHandler());

        var result = await provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\"");

        Assert.Equal("mine", result.Title);
        Assert.Equal(3, server.Log.Count);
    }

    private static async Task<JsonObject> ReadAsync(VersionedResourceServer server, string path)
    {
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        return JsonNode.Parse(await http.GetStringAsync(new Uri(path, UriKind.Relative)))!.AsObject();
    }

    private static JsonNode? Navigate(JsonNode node, string pointer) =>
        pointer.Trim('/').Split('/').Aggregate<string, JsonNode?>(node, (current, segment) => current?[segment]);
}
