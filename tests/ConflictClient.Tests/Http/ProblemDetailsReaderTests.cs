using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ConflictClient.Http;

namespace ConflictClient.Tests.Http;

public sealed class ProblemDetailsReaderTests
{
    [Fact]
    public void TryRead_ProblemJson_ReadsMembersAndExtensions()
    {
        var problem = ProblemDetailsReader.TryRead(Body(
            """{"type":"urn:x","title":"Version mismatch","status":409,"detail":"d","instance":"/i","code":"VERSION"}""",
            "application/problem+json"));

        Assert.NotNull(problem);
        Assert.Equal("urn:x", problem.Type);
        Assert.Equal("Version mismatch", problem.Title);
        Assert.Equal(409, problem.Status);
        Assert.Equal("d", problem.Detail);
        Assert.Equal("/i", problem.Instance);
        Assert.Equal("VERSION", problem.Extensions["code"].GetString());
    }

    [Theory]
    [InlineData("""{"name":"a resource"}""", "application/json")]
    [InlineData("""{"title": """, "application/problem+json")]
    [InlineData("[1]", "application/problem+json")]
    public void TryRead_NotAProblem_ReturnsNull(string body, string mediaType)
    {
        Assert.Null(ProblemDetailsReader.TryRead(Body(body, mediaType)));
    }

    [Fact]
    public void TryRead_StatusThatIsNotANumber_IsKeptAsAnExtensionNotThrown()
    {
        // Kubernetes' Status object: "status" is "Failure", and "code" carries the HTTP status.
        var problem = ProblemDetailsReader.TryRead(Body(
            """{"kind":"Status","status":"Failure","title":"x","reason":"Conflict","code":409}""", "application/json"));

        Assert.NotNull(problem);
        Assert.Null(problem.Status);
        Assert.Equal("Failure", problem.Extensions["status"].GetString());
    }

    [Fact]
    public void TryRead_JsonServedAsTextPlain_IsRead() =>
        Assert.Equal("Locked", ProblemDetailsReader.TryRead(Body("""{"title":"Locked","status":409}""", "text/plain"))?.Title);

    [Fact]
    public void TryRead_Markup_IsNotRead() =>
        Assert.Null(ProblemDetailsReader.TryRead(Body("""<?xml version="1.0"?><Error><Code>ConditionNotMet</Code></Error>""", "application/xml")));

    [Fact]
    public void TryRead_PlainJsonThatLooksLikeAProblem_IsRead()
    {
        Assert.Equal("Locked", ProblemDetailsReader.TryRead(Body("""{"title":"Locked","status":409}""", "application/json"))?.Title);
    }

    private static Representation Body(string text, string mediaType) =>
        new(HttpStatusCode.Conflict, Encoding.UTF8.GetBytes(text), new MediaTypeHeaderValue(mediaType), null);
}
