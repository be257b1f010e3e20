using System.Text.Json.Nodes;
using ConflictClient.Http;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConflictClient.Tests.Http;

public sealed class RedirectPolicyTests
{
    [Fact]
    public async Task GetAsync_CallersOwnReadRedirectedToAnotherOrigin_FollowsWithoutCredentials()
    {
        using var elsewhere = new ScriptedServer().On("GET", "/docs/a", 200, """{"name":"moved"}""");
        using var server = new ScriptedServer().On("GET", "/docs/a", 302, headers: ("Location", new Uri(elsewhere.BaseUri, "/docs/a").AbsoluteUri));
        await using var provider = TestClients.Create<IDocumentApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ClientWins, client: b => b.ConfigureHttpClient(c =>
        {
            c.DefaultRequestHeaders.Authorization = new("Bearer", "t0ken");
            c.DefaultRequestHeaders.Add("X-Api-Key", "k3y");
            c.DefaultRequestHeaders.Add("Accept-Language", "de");
        }));

        var doc = await provider.GetRequiredService<IDocumentApi>().GetAsync("a");

        Assert.Equal("moved", doc["name"]!.GetValue<string>());
        var hop = Assert.Single(elsewhere.Server.LogEntries).RequestMessage!;
        Assert.False(hop.Headers!.ContainsKey("Authorization"));
        Assert.False(hop.Headers.ContainsKey("X-Api-Key"));
        Assert.Equal("de", hop.Headers["Accept-Language"].Single());
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
            o.ResourceLocator = _ => new Uri("/docs/a", UriKind.Relative);
        });

        var result = await provider.GetRequiredService<IDocumentApi>().PutConditionalAsync("b", new JsonObject { ["name"] = "mine" }, "\"v0\"");

        Assert.Equal("theirs", result["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Authorization", true)]
    [InlineData("Cookie", true)]
    [InlineData("X-Api-Key", true)]
    [InlineData("Ocp-Apim-Subscription-Key", true)]
    [InlineData("X-Auth-Token", true)]
    [InlineData("Accept", false)]
    [InlineData("User-Agent", false)]
    public void IsCredential_KnownHeaderNames(string name, bool expected) => Assert.Equal(expected, RedirectPolicy.IsCredential(name));
}
