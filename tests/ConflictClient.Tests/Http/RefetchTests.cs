using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConflictClient.Tests.Http;

public sealed class RefetchTests
{
    [Fact]
    public async Task Refetch_SameOrigin_CarriesWriteHeadersAndQueryButNoPreconditionOrContentHeaders()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        await using var provider = TestClients.Create<ITodoApi>(
            server.BaseUri,
            o => o.MergeStrategy = MergeStrategy.ClientWins,
            client: b => b.ConfigureHttpClient(c => c.DefaultRequestHeaders.Authorization = new("Bearer", "secret-token")));

        await provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\"", tenant: "acme");

        var get = Assert.Single(server.Log, e => e.RequestMessage!.Method == "GET");
        Assert.Equal("/todos/1", get.RequestMessage!.Path);
        Assert.Equal("acme", get.RequestMessage.Query!["tenant"].Single());
        Assert.Equal("Bearer secret-token", get.Header("Authorization"));
        Assert.Equal(string.Empty, get.Header("If-Match"));
        Assert.Equal(string.Empty, get.Header("Content-Type"));
        Assert.All(server.Log, e => Assert.Equal("acme", e.RequestMessage!.Query!["tenant"].Single()));
    }

    [Fact]
    public async Task Refetch_LocatorOnAnotherOrigin_ThrowsAndSendsNothingThere()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        using var elsewhere = new ScriptedServer().On("GET", "/todos/1", 200, "{\"title\":\"x\"}", headers: ("ETag", "\"v9\""));
        await using var provider = TestClients.Create<ITodoApi>(
            server.BaseUri,
            o =>
            {
                o.MergeStrategy = MergeStrategy.ClientWins;
                o.ForRequest = _ => new() { Read = ConflictRead.Get(new Uri(elsewhere.BaseUri, "/todos/1")) };
            },
            client: b => b.ConfigureHttpClient(c => c.DefaultRequestHeaders.Authorization = new("Bearer", "secret-token")));

        var error = await Assert.ThrowsAsync<ConflictException>(() =>
            provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\""));

        Assert.Equal(ConflictFailureReason.CrossOriginRefetch, error.Reason);
        Assert.Contains("would be read from", error.Message, StringComparison.Ordinal);
        Assert.Contains("was not sent", error.Message, StringComparison.Ordinal);
        Assert.Empty(elsewhere.Server.LogEntries);
        Assert.Empty(server.Log);
    }

    [Fact]
    public async Task Refetch_RelativeLocator_ResolvesAgainstTheWriteUri()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        server.Seed("/todos/1/current", new JsonObject { ["title"] = "theirs" });
        server.WriteDirectly("/todos/1/current", _ => { });
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            o.ForRequest = args => new() { Read = ConflictRead.Get(new Uri(args.Request.RequestUri!.AbsolutePath + "/current", UriKind.Relative)) };
        });

        await provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\"");

        Assert.Equal(["PUT /todos/1 If-Match:\"v1\" -> 412", "GET /todos/1/current -> 200", "PUT /todos/1 If-Match:\"v2\" -> 200"], server.Log.Lines());
    }
}
