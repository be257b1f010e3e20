using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ConflictClient.Conflicts;
using ConflictClient.Http;
using Polly;

namespace ConflictClient.Tests.Conflicts;

/// <summary>The default classification, as README documents it.</summary>
public sealed class ConflictClassifierTests
{
    [Theory]
    [InlineData("PUT", 412, "If-Match", null, ConflictKind.VersionConflict)]
    [InlineData("PUT", 412, "If-None-Match", null, ConflictKind.Duplicate)]
    [InlineData("POST", 412, "If-None-Match", null, ConflictKind.Duplicate)]
    [InlineData("PUT", 428, null, null, ConflictKind.PreconditionRequired)]
    [InlineData("POST", 422, "Idempotency-Key", null, ConflictKind.IdempotencyKeyReused)]
    [InlineData("POST", 409, "Idempotency-Key", """{"title":"Request is still being processed"}""", ConflictKind.InFlight)]
    [InlineData("PUT", 409, "If-Match", """{"title":"Version mismatch"}""", ConflictKind.VersionConflict)]
    [InlineData("PUT", 409, "If-Match", """{"type":"https://x/concurrency-error"}""", ConflictKind.VersionConflict)]
    [InlineData("PUT", 409, "If-Match", """{"title":"Conflict","status":409}""", ConflictKind.VersionConflict)]
    [InlineData("PUT", 409, "If-Match", null, ConflictKind.VersionConflict)]
    [InlineData("PUT", 409, null, null, ConflictKind.Unknown)]
    [InlineData("PUT", 409, "If-Match", """{"title":"Account locked","code":"ACCOUNT_LOCKED"}""", ConflictKind.BusinessRule)]
    [InlineData("POST", 409, null, """{"title":"E-mail already registered"}""", ConflictKind.Duplicate)]
    [InlineData("POST", 409, null, """{"code":"EMAIL_TAKEN"}""", ConflictKind.Duplicate)]
    [InlineData("POST", 409, null, null, ConflictKind.Duplicate)]
    [InlineData("POST", 409, null, """{"title":"Account locked"}""", ConflictKind.BusinessRule)]
    [InlineData("PUT", 400, "If-Match", null, ConflictKind.VersionConflict)]
    [InlineData("PUT", 412, null, null, ConflictKind.Unknown)]
    [InlineData("PUT", 409, "If-Match", """{"error":{"code":409,"message":"The etag is stale; retry the request with the updated ETag.","status":"ABORTED"}}""", ConflictKind.VersionConflict)]
    [InlineData("PUT", 409, null, """{"error":{"code":409,"message":"Too much contention on these documents. Please try again.","status":"ABORTED"}}""", ConflictKind.Contention)]
    [InlineData("PUT", 409, "If-Match", """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.10","title":"Conflict","status":409}""", ConflictKind.VersionConflict)]
    [InlineData("POST", 409, null, """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.10","title":"Conflict","status":409}""", ConflictKind.Duplicate)]
    [InlineData("PUT", 409, null, """{"title":"Terms and conditions acceptance required"}""", ConflictKind.BusinessRule)]
    [InlineData("PUT", 412, null, """{"title":"file_exists"}""", ConflictKind.Duplicate)]
    [InlineData("PUT", 409, null, """{"title":"Version mismatch"}""", ConflictKind.Unknown)]
    [InlineData("DELETE", 412, null, """{"title":"Precondition Failed"}""", ConflictKind.Unknown)]
    public void Classify_Defaults(string method, int status, string? header, string? problemJson, ConflictKind expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "http://api.test/r");
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation(header, header == "If-None-Match" ? "*" : "\"v1\"");
        }

        var body = problemJson is null ? null : new Representation((HttpStatusCode)status, Encoding.UTF8.GetBytes(problemJson), new MediaTypeHeaderValue("application/problem+json"), null);
        var args = new ConflictClassificationArguments(
            ResilienceContextPool.Shared.Get(TestContext.Current.CancellationToken), request, (HttpStatusCode)status, ProblemDetailsReader.TryRead(body), hasRetryAfter: false, isConditional: header == "If-Match", ErrorVocabulary.Read(body, null), isCreateOnly: false);

        Assert.Equal(expected, ConflictClassifier.Classify(args, []));
    }

    [Fact]
    public void Classify_ApplicationRules_AreCheckedFirstInOrder()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "http://api.test/r");
        request.Headers.TryAddWithoutValidation("If-Match", "\"v1\"");
        var body = new Representation(HttpStatusCode.Conflict, """{"type":"https://x/stale","code":"LOCKED"}"""u8.ToArray(), new MediaTypeHeaderValue("application/problem+json"), null);
        var args = new ConflictClassificationArguments(
            ResilienceContextPool.Shared.Get(TestContext.Current.CancellationToken), request, HttpStatusCode.Conflict, ProblemDetailsReader.TryRead(body), false, true, ErrorVocabulary.Read(body, null), false);

        var kind = ConflictClassifier.Classify(args, [
            ConflictRule.ForProblemType("https://x/other", ConflictKind.Duplicate),
            ConflictRule.ForErrorCode("locked", ConflictKind.BusinessRule),
            ConflictRule.When(_ => true, ConflictKind.Unknown),
        ]);

        Assert.Equal(ConflictKind.BusinessRule, kind);
    }

    [Fact]
    public void Classify_RuleSaysVersionConflictForAWriteWithoutVersion_IsUnknown()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "http://api.test/r");
        var args = new ConflictClassificationArguments(ResilienceContextPool.Shared.Get(TestContext.Current.CancellationToken), request, HttpStatusCode.Conflict, isConditional: false);

        var kind = ConflictClassifier.Classify(args, [ConflictRule.When(_ => true, ConflictKind.VersionConflict)]);

        Assert.Equal(ConflictKind.Unknown, kind);
    }
}
