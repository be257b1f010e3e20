using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConflictClient.Tests.Http;

public sealed class RedirectPolicyTests
{
    [Fact]
    public async Task GetAsync_ReadRedirectedToAnotherOrigin_IsNotFollowedAndNothingGoesThere()
    {
        using var elsewhere = new ScriptedServer().On("GET", "/docs/a", 200, """{"name":"moved"}""");
        using var server = new ScriptedServer().On("GET", "/docs/a", 302, headers: ("Location", new Uri(elsewhere.BaseUri, "/docs/a").AbsoluteUri));
        await using var provider = TestClients.Create<IDocumentApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ClientWins, client: b => b.ConfigureHttpClient(c =>
            c.DefaultRequestHeaders.Authorization = new("Bearer", "t0ken")));

        using var response = await provider.GetRequiredService<IDocumentApi>().GetWithResponseAsync("a");

        Assert.Equal(System.Net.HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(new Uri(elsewhere.BaseUri, "/docs/a"), response.Headers!.Location);
        Assert.Empty(elsewhere.Server.LogEntries);
    }

    [Fact]
    public async Task GetAsync_ReadRedirectedWithinTheOrigin_IsFollowed()
    {
        using var server = new ScriptedServer()
            .On("GET", "/docs/a", 301, headers: ("Location", "/docs/b"))
            .On("GET", "/docs/b", 200, """{"name":"moved"}""");
        await using var provider = TestClients.Create<IDocumentApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ClientWins);

        var doc = await provider.GetRequiredService<IDocumentApi>().GetAsync("a");

        Assert.Equal("moved", doc["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task PutAsync_RefetchRedirectedWithinTheOrigin_IsFollowedAndMerged()
    {
        using var server = new ScriptedServer()
            .On("PUT", "/docs/b", 412)
            .On("GET", "/docs/a", 307, headers: ("Location", "/docs/b"))
            .On("GET", "/docs/b", 200, """{"name":"theirs"}""", "application/json", ("ETag", "\"v2\""));
        await using var provider = TestClients.Create<IDocumentApi>(server.BaseUri, o =>
        {
            o.MergeStrategy = MergeStrategy.ServerWins;
            o.ForRequest = _ => new() { Read = ConflictRead.Get(new Uri("/docs/a", UriKind.Relative)) };
        });

        var result = await provider.GetRequiredService<IDocumentApi>().PutConditionalAsync("b", new JsonObject { ["name"] = "mine" }, "\"v0\"");

        Assert.Equal("theirs", result["name"]!.GetValue<string>());
    }
}
