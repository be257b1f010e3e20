using System.Net;
using System.Text;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Profiles;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConflictClient.Tests.Profiles;

/// <summary>
/// Against Azurite's Blob service (from npm, in memory), through a named HttpClient: a stale If-Match meets 412
/// <c>ConditionNotMet</c> (XML), and a blob leased by another client meets 412 <c>LeaseIdMissing</c>, the server's own
/// business rule. The only configuration is the profile.
/// </summary>
public sealed class AzureBlobsProfileTests(AzuriteServer azurite) : IClassFixture<AzuriteServer>
{
    [Fact]
    public async Task Put_StaleETagUnderClientWins_OverwritesTheCurrentVersionAsChosen()
    {
        var (container, etag) = await NewBlobAsync("original");
        await PutDirectly(container, "theirs");
        await using var provider = Client(o => o.MergeStrategy = MergeStrategy.ClientWins);

        using var response = await provider.GetRequiredService<IHttpClientFactory>().CreateClient("blobs").SendAsync(Put(container, "mine", etag), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("mine", await Read(container));
    }

    [Fact]
    public async Task Put_BlobLeasedByAnotherClient_IsABusinessRuleSentOnceAndChangesNothing()
    {
        var (container, etag) = await NewBlobAsync("original");
        using (var http = Signed())
        {
            using var lease = new HttpRequestMessage(HttpMethod.Put, new Uri(azurite.BlobUri, $"{container}/blob?comp=lease"));
            lease.Headers.TryAddWithoutValidation("x-ms-lease-action", "acquire");
            lease.Headers.TryAddWithoutValidation("x-ms-lease-duration", "-1");
            (await http.SendAsync(lease, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        }

        var seen = new List<OnConflictArguments>();
        await using var provider = Client(o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            o.OnConflict = args =>
            {
                seen.Add(args);
                return ValueTask.CompletedTask;
            };
        });

        var error = await Assert.ThrowsAsync<ConflictException>(() =>
            provider.GetRequiredService<IHttpClientFactory>().CreateClient("blobs").SendAsync(Put(container, "mine", etag), TestContext.Current.CancellationToken));

        Assert.Equal(ConflictFailureReason.BusinessRule, error.Reason);
        Assert.Equal("LeaseIdMissing", error.ErrorCode);
        Assert.Equal(1, error.Attempts);
        Assert.False(Assert.Single(seen).WillRetry);
        Assert.Equal("original", await Read(container));
    }

    private ServiceProvider Client(Action<ConflictResolutionStrategyOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddHttpClient("blobs")
            .AddConflictResolution(o =>
            {
                o.Use(ConflictProfiles.AzureBlobs);
                configure(o);
            })
            .AddHttpMessageHandler(() => new AzuriteServer.SignBlobRequests());
        return services.BuildServiceProvider();
    }

    private HttpRequestMessage Put(string container, string text, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, new Uri(azurite.BlobUri, $"{container}/blob")) { Content = new StringContent(text, Encoding.UTF8, "text/plain") };
        request.Headers.TryAddWithoutValidation("x-ms-blob-type", "BlockBlob");
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return request;
    }

    private async Task<(string Container, string ETag)> NewBlobAsync(string text)
    {
        var container = await azurite.CreateContainerAsync();
        return (container, await PutDirectly(container, text));
    }

    private async Task<string> PutDirectly(string container, string text)
    {
        using var http = Signed();
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(azurite.BlobUri, $"{container}/blob")) { Content = new StringContent(text, Encoding.UTF8, "text/plain") };
        request.Headers.TryAddWithoutValidation("x-ms-blob-type", "BlockBlob");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return response.Headers.ETag!.ToString();
    }

    private async Task<string> Read(string container)
    {
        using var http = Signed();
        return await http.GetStringAsync(new Uri(azurite.BlobUri, $"{container}/blob"));
    }

    private static HttpClient Signed() => new(new AzuriteServer.SignBlobRequests { InnerHandler = new SocketsHttpHandler() });
}
