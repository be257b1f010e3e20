using System.Net.Http.Json;
using ConflictClient.Conflicts;
using ConflictClient.Http;
using ConflictClient.Merging;
using Microsoft.Extensions.DependencyInjection;

namespace ConflictClient.Tests.Http;

/// <summary>An inner exception's text never carries secrets into a ConflictException's message.</summary>
public sealed class SafeTextTests
{
    private const string Leaky =
        "Connection refused: https://ann:hunter2@api.test/todos/1?sig=s3cr3t&tenant=a. Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.x " +
        "api_key=AKIA1234 password=pw1\u0000\u001b[31m";

    [Fact]
    public void Of_UriUserInfoQueryAndCredentials_AreLeftOut()
    {
        var safe = SafeText.Of(Leaky);

        foreach (var secret in (string[])["hunter2", "ann:", "s3cr3t", "tenant=a", "eyJhbGciOiJIUzI1NiJ9", "AKIA1234", "pw1", "\u0000", "\u001b"])
        {
            Assert.DoesNotContain(secret, safe, StringComparison.Ordinal);
        }

        Assert.Contains("https://api.test/todos/1", safe, StringComparison.Ordinal);
        Assert.Contains("Connection refused", safe, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_LongText_IsCutToASentence()
    {
        Assert.True(SafeText.Of(new string('x', 5000)).Length <= 300);
        Assert.Equal(string.Empty, SafeText.Of(null));
    }

    [Fact]
    public async Task SendFailed_InnerMessageWithSecrets_TheConflictExceptionsMessageHasNone()
    {
        var services = new ServiceCollection();
        services.AddHttpClient("api").ConfigureHttpClient(c => c.BaseAddress = new Uri("http://api.test"))
            .ConfigurePrimaryHttpMessageHandler(() => new Refuse(new HttpRequestException(Leaky)))
            .AddConflictResolution(o => o.MergeStrategy = MergeStrategy.ClientWins);
        await using var provider = services.BuildServiceProvider();
        using var put = new HttpRequestMessage(HttpMethod.Put, "/todos/1") { Content = JsonContent.Create(new { title = "mine" }) };
        put.Headers.TryAddWithoutValidation("If-Match", "\"v1\"");

        var error = await Assert.ThrowsAnyAsync<ConflictException>(() => provider.GetRequiredService<IHttpClientFactory>().CreateClient("api").SendAsync(put, TestContext.Current.CancellationToken));

        foreach (var secret in (string[])["hunter2", "s3cr3t", "eyJhbGciOiJIUzI1NiJ9", "AKIA1234", "pw1"])
        {
            Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
        }

        Assert.Same(Leaky, error.InnerException!.Message); // the cause itself is kept for the application
    }

    private sealed class Refuse(Exception failure) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromException<HttpResponseMessage>(failure);
    }
}
