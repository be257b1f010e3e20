using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using ConflictClient.Versioning;
using Microsoft.Extensions.DependencyInjection;

namespace ConflictClient.Tests.Conflicts;

/// <summary>
/// Updates sent by POST (issue "Right about APIs it has never seen"): the current state is read as a request — a GET of
/// another URI, a POST "get", a method tunnelled in a header — and the write is re-sent the way it was made.
/// </summary>
public sealed class PostUpdateTests
{
    [Fact]
    public async Task Post_SetPolicyWithAStaleEtagInItsBody_ReadsWithAPostGetAndResendsTheMergedPolicy()
    {
        // Google IAM's shape: the write's body holds the state under /policy; the read answers with the state itself.
        var server = new SequenceHandler()
            .On("POST", "/v1/projects/p:setIamPolicy", 409, """{"error":{"code":409,"message":"There were concurrent policy changes.","status":"ABORTED"}}""")
            .On("POST", "/v1/projects/p:getIamPolicy", 200, """{"bindings":[{"role":"viewer","members":["ann"]}],"etag":"BwX2"}""")
            .On("POST", "/v1/projects/p:setIamPolicy", 200, "{}");
        await using var provider = server.Client(o =>
        {
            o.Versions.Source = VersionSource.JsonBody("/policy/etag");
            o.MergeStrategy = MergeStrategy.Custom(args =>
            {
                // Add my binding to whatever the policy holds now.
                var merged = args.Remote!.DeepClone();
                merged["policy"]!["bindings"]!.AsArray().Add(JsonNode.Parse("""{"role":"owner","members":["bob"]}"""));
                return ValueTask.FromResult(args.Merged(merged));
            });
            o.ForRequest = args => args.Request.RequestUri!.AbsolutePath.EndsWith(":setIamPolicy", StringComparison.Ordinal)
                ? new ConflictRequestSettings { Read = ConflictRead.Post(new Uri("./p:getIamPolicy", UriKind.Relative), "{}").At("/policy") }
                : null;
        });
        using var post = new HttpRequestMessage(HttpMethod.Post, "/v1/projects/p:setIamPolicy")
        {
            Content = JsonContent.Create(JsonNode.Parse("""{"policy":{"bindings":[{"role":"owner","members":["bob"]}],"etag":"BwX1"},"updateMask":"bindings"}""")),
        };

        using var response = await Client(provider).SendAsync(post, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["POST /v1/projects/p:setIamPolicy -> 409", "POST /v1/projects/p:getIamPolicy -> 200", "POST /v1/projects/p:setIamPolicy -> 200"], server.Lines);
        Assert.Equal("{}", server.Bodies[1]);
        var resent = JsonNode.Parse(server.Bodies[2]!)!;
        Assert.Equal("BwX2", resent["policy"]!["etag"]!.GetValue<string>());
        Assert.Equal(2, resent["policy"]!["bindings"]!.AsArray().Count);
        Assert.Equal("bindings", resent["updateMask"]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_SetIamPolicyUnderTheProfile_ReadsTheCurrentPolicyAndResendsWithItsEtag()
    {
        var server = new SequenceHandler()
            .On("POST", "/v1/projects/p/locations/l/keyRings/r:setIamPolicy", 409, """{"error":{"code":409,"message":"There were concurrent policy changes. Please retry the whole read-modify-write with exponential backoff.","status":"ABORTED"}}""")
            .On("POST", "/v1/projects/p/locations/l/keyRings/r:getIamPolicy", 200, """{"bindings":[],"etag":"BwX9"}""")
            .On("POST", "/v1/projects/p/locations/l/keyRings/r:setIamPolicy", 200, "{}");
        await using var provider = server.Client(o =>
        {
            ConflictClient.Profiles.ConflictProfileExtensions.Use(o, ConflictClient.Profiles.ConflictProfiles.GoogleIamPolicy);
            o.MergeStrategy = MergeStrategy.ClientWins;
        });
        using var post = new HttpRequestMessage(HttpMethod.Post, "/v1/projects/p/locations/l/keyRings/r:setIamPolicy")
        {
            Content = JsonContent.Create(JsonNode.Parse("""{"policy":{"bindings":[{"role":"viewer","members":["ann"]}],"etag":"BwX1"}}""")),
        };

        using var response = await Client(provider).SendAsync(post, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("BwX9", JsonNode.Parse(server.Bodies[2]!)!["policy"]!["etag"]!.GetValue<string>());
        Assert.Equal("viewer", JsonNode.Parse(server.Bodies[2]!)!["policy"]!["bindings"]![0]!["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_TunnellingMergeWithAStaleETag_IsReadWithAGetOfItsUriAndResentTunnelled()
    {
        // OData / Azure Tables: POST with X-HTTP-Method: MERGE is a PATCH of the entity at the POST's own URI.
        var server = new SequenceHandler()
            .On("POST", "/Tasks(PartitionKey='p',RowKey='1')", 412, """{"odata.error":{"code":"UpdateConditionNotSatisfied","message":{"value":"The update condition specified in the request was not satisfied."}}}""")
            .On("GET", "/Tasks(PartitionKey='p',RowKey='1')", 200, """{"PartitionKey":"p","RowKey":"1","title":"theirs"}""", ("ETag", "W/\"datetime'2'\""))
            .On("POST", "/Tasks(PartitionKey='p',RowKey='1')", 204);
        await using var provider = server.Client(o => o.MergeStrategy = MergeStrategy.ClientWins);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/Tasks(PartitionKey='p',RowKey='1')") { Content = JsonContent.Create(new { done = true }) };
        post.Headers.TryAddWithoutValidation("X-HTTP-Method", "MERGE");
        post.Headers.TryAddWithoutValidation("If-Match", "W/\"datetime'1'\"");

        using var response = await Client(provider).SendAsync(post, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(
            [
                "POST /Tasks(PartitionKey='p',RowKey='1') If-Match:W/\"datetime'1'\" X-HTTP-Method:MERGE -> 412",
                "GET /Tasks(PartitionKey='p',RowKey='1') -> 200",
                "POST /Tasks(PartitionKey='p',RowKey='1') If-Match:W/\"datetime'2'\" X-HTTP-Method:MERGE -> 204",
            ],
            server.Lines);
    }

    [Fact]
    public async Task Post_ReplacingAnUploadWithAVersion_IsReadFromTheGetItNames()
    {
        var server = new SequenceHandler()
            .On("POST", "/files/report/content", 412, """{"code":"precondition_failed","message":"The resource has been modified."}""")
            .On("GET", "/files/report", 200, """{"name":"report","size":10}""", ("ETag", "\"7\""))
            .On("POST", "/files/report/content", 201, "{}");
        await using var provider = server.Client(o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            o.ForRequest = args => args.Request.Method == HttpMethod.Post
                ? new ConflictRequestSettings { Read = ConflictRead.Get(new Uri("/files/report", UriKind.Relative)) }
                : null;
        });
        using var post = new HttpRequestMessage(HttpMethod.Post, "/files/report/content") { Content = JsonContent.Create(new { name = "report", size = 12 }) };
        post.Headers.TryAddWithoutValidation("If-Match", "\"6\"");

        using var response = await Client(provider).SendAsync(post, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("POST /files/report/content If-Match:\"7\" -> 201", server.Lines[^1]);
    }

    [Fact]
    public async Task Post_VersionConflictWithNothingToRead_FailsTypedAndIsSentOnce()
    {
        var server = new SequenceHandler().On("POST", "/v1/rpc/update", 409, """{"message":"version mismatch: expected 3, found 4"}""");
        await using var provider = server.Client(o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            o.Versions.Source = VersionSource.JsonBody("/version");
        });
        using var post = new HttpRequestMessage(HttpMethod.Post, "/v1/rpc/update") { Content = JsonContent.Create(new { id = 1, version = 3 }) };

        var error = await Assert.ThrowsAsync<ConflictException>(() => Client(provider).SendAsync(post, TestContext.Current.CancellationToken));

        // Fail closed: without a way to read the current state, nothing is guessed and nothing more is sent.
        Assert.Equal(ConflictFailureReason.Unclassified, error.Reason);
        Assert.Contains("ConflictRead", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Lines);
    }

    [Fact]
    public async Task Post_ReadOnAnotherOrigin_IsRefusedBeforeAnythingIsSent()
    {
        var server = new SequenceHandler();
        await using var provider = server.Client(o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            o.ForRequest = _ => new ConflictRequestSettings { Read = ConflictRead.Post(new Uri("https://elsewhere.test/get"), "{}") };
        });
        using var post = new HttpRequestMessage(HttpMethod.Post, "/v1/rpc/update") { Content = JsonContent.Create(new { id = 1 }) };

        var error = await Assert.ThrowsAsync<ConflictException>(() => Client(provider).SendAsync(post, TestContext.Current.CancellationToken));

        Assert.Equal(ConflictFailureReason.CrossOriginRefetch, error.Reason);
        Assert.Empty(server.Lines);
    }

    [Fact]
    public void At_NotAPointerToAMember_IsRefusedSayingWhatToWrite()
    {
        var error = Assert.Throws<ArgumentException>(() => ConflictRead.Get(new Uri("/x", UriKind.Relative)).At("policy"));

        Assert.Contains("\"/policy\"", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ConflictRead.Get(new Uri("/x", UriKind.Relative)).At(string.Empty));
    }

    [Fact]
    public void Get_HasNoBody_PostHasItsJson()
    {
        Assert.Null(ConflictRead.Get(new Uri("/x", UriKind.Relative)).Body);
        Assert.Equal("{}"u8.ToArray(), ConflictRead.Post(new Uri("/x", UriKind.Relative), "{}").Body!.Value.ToArray());
        Assert.Equal("application/json", ConflictRead.Post(new Uri("/x", UriKind.Relative), "{}").ContentType);
        Assert.Equal("/policy", ConflictRead.Post(new Uri("/x", UriKind.Relative), "{}").At("/policy").StateAt);
    }

    private static HttpClient Client(ServiceProvider provider) => provider.GetRequiredService<IHttpClientFactory>().CreateClient("api");
}
