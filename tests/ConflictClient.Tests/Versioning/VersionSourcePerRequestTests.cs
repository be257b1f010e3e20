using System.Text.Json.Nodes;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using ConflictClient.Versioning;
using Microsoft.Extensions.DependencyInjection;

namespace ConflictClient.Tests.Versioning;

public sealed class VersionSourcePerRequestTests
{
    [Fact]
    public async Task Selector_PerRoute_UsesBodyVersionForThatRouteOnly()
    {
        using var server = new VersionedResourceServer(new VersionedResourceSimulatorOptions { Placement = VersionPlacement.Body, MismatchStatus = System.Net.HttpStatusCode.Conflict });
        server.Seed("/docs/a", new JsonObject { ["name"] = "original" });
        server.WriteDirectly("/docs/a", doc => doc["name"] = "theirs");
        var selected = new List<string>();
        await using var provider = TestClients.Create<IDocumentApi>(server.BaseUri, o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            o.ForRequest = args =>
            {
                selected.Add(args.Request.RequestUri!.AbsolutePath);
                return args.Request.RequestUri.AbsolutePath.StartsWith("/docs/", StringComparison.Ordinal) ? new() { VersionSource = VersionSource.JsonBody("/version") } : null;
            };
        });

        await provider.GetRequiredService<IDocumentApi>().PutAsync("a", new JsonObject { ["name"] = "mine", ["version"] = 1 });

        Assert.Equal(["/docs/a"], selected);
        Assert.Equal(["PUT /docs/a -> 409", "GET /docs/a -> 200", "PUT /docs/a -> 200"], server.Log.Lines());
        Assert.Equal(2, JsonNode.Parse(server.Log[2].RequestMessage!.Body!)!["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Selector_ReturnsMalformedPointer_FailsBeforeSendingAndNamesTheSelector()
    {
        using var server = new VersionedResourceServer();
        server.Seed("/docs/a", new JsonObject { ["name"] = "original" });
        await using var provider = TestClients.Create<IDocumentApi>(server.BaseUri, o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            o.ForRequest = _ => new() { VersionSource = VersionSource.JsonBody("version") };
        });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => provider.GetRequiredService<IDocumentApi>().PutAsync("a", new JsonObject { ["name"] = "mine" }));

        var cause = error as InvalidOperationException ?? Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Contains("ForRequest", cause.Message, StringComparison.Ordinal);
        Assert.Contains("must start with '/'", cause.Message, StringComparison.Ordinal);
        Assert.Empty(server.Log);
    }
}
