using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ConflictClient.Http;

namespace ConflictClient.Tests.Http;

/// <summary>The error vocabularies of real APIs, as their documentation shows them.</summary>
public sealed class ErrorVocabularyTests
{
    [Theory]
    [InlineData("rfc 9457 extension", """{"type":"https://x/version","title":"Version mismatch","status":409,"code":"VERSION"}""", "VERSION", "Version mismatch")]
    [InlineData("couchdb", """{"error":"conflict","reason":"Document update conflict."}""", "conflict", "Document update conflict.")]
    [InlineData("kubernetes status", """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"Operation cannot be fulfilled on configmaps \"c\": the object has been modified","reason":"Conflict","details":{"name":"c","kind":"configmaps"},"code":409}""", "Conflict", "Operation cannot be fulfilled on configmaps \"c\": the object has been modified")]
    [InlineData("azure odata", """{"odata.error":{"code":"UpdateConditionNotSatisfied","message":{"lang":"en-US","value":"The update condition specified in the request was not satisfied."}}}""", "UpdateConditionNotSatisfied", "The update condition specified in the request was not satisfied.")]
    [InlineData("google", """{"error":{"code":412,"message":"At least one of the pre-conditions you specified did not hold.","errors":[{"message":"At least one of the pre-conditions you specified did not hold.","domain":"global","reason":"conditionNotMet"}]}}""", "conditionNotMet", "At least one of the pre-conditions you specified did not hold.")]
    [InlineData("google status", """{"error":{"code":409,"message":"Too much contention on these documents.","status":"ABORTED"}}""", "ABORTED", "Too much contention on these documents.")]
    [InlineData("stripe", """{"error":{"type":"idempotency_error","code":"idempotency_key_in_use","message":"There is currently another in-progress request using this Idempotent Key."}}""", "idempotency_key_in_use", "There is currently another in-progress request using this Idempotent Key.")]
    [InlineData("graph", """{"error":{"code":"nameAlreadyExists","message":"The specified item name already exists.","innerError":{"code":"generalException"}}}""", "nameAlreadyExists", "The specified item name already exists.")]
    [InlineData("elasticsearch", """{"error":{"root_cause":[{"type":"version_conflict_engine_exception","reason":"[1]: version conflict, required seqNo [5], primary term [1]. current document has seqNo [6] and primary term [1]"}],"type":"version_conflict_engine_exception","reason":"[1]: version conflict"},"status":409}""", "version_conflict_engine_exception", "[1]: version conflict")]
    [InlineData("json:api", """{"errors":[{"status":"409","code":"stale","title":"Stale version","detail":"The resource was changed."}]}""", "stale", "The resource was changed.")]
    [InlineData("github", """{"message":"is at 9f7c but expected 1e2d","documentation_url":"https://docs.github.com/rest"}""", null, "is at 9f7c but expected 1e2d")]
    [InlineData("vault", """{"errors":["check-and-set parameter did not match the current version"]}""", null, "check-and-set parameter did not match the current version")]
    [InlineData("salesforce", """[{"errorCode":"DUPLICATE_VALUE","message":"duplicate value found"}]""", "DUPLICATE_VALUE", "duplicate value found")]
    [InlineData("postgrest", """{"code":"23505","details":"Key (id)=(1) already exists.","hint":null,"message":"duplicate key value violates unique constraint \"t_pkey\""}""", "23505", "duplicate key value violates unique constraint \"t_pkey\"")]
    [InlineData("keycloak", """{"errorMessage":"User exists with same username"}""", null, "User exists with same username")]
    public void Read_JsonVocabularies_FindsTheCodeAndTheMessage(string api, string body, string? code, string? message)
    {
        var error = ErrorVocabulary.Read(Json(body), null);

        Assert.True(code == error.Code, $"{api}: code {error.Code}");
        Assert.True(message == error.Message, $"{api}: message {error.Message}");
    }

    [Fact]
    public void Read_S3Xml_FindsCodeAndMessage()
    {
        var error = ErrorVocabulary.Read(
            Body("""<?xml version="1.0" encoding="UTF-8"?><Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message><Condition>If-Match</Condition></Error>""", "application/xml"),
            null);

        Assert.Equal("PreconditionFailed", error.Code);
        Assert.Equal("At least one of the pre-conditions you specified did not hold", error.Message);
        Assert.DoesNotContain("version", error.Words.Replace("pre-conditions", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ErrorCodeHeader_WinsOverTheBody()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Conflict);
        response.Headers.TryAddWithoutValidation("x-ms-error-code", "LeaseAlreadyPresent");

        var error = ErrorVocabulary.Read(Json("""{"error":"conflict"}"""), response.Headers.NonValidated);

        Assert.Equal("LeaseAlreadyPresent", error.Code);
    }

    [Fact]
    public void Read_AwsErrorTypeHeader_DropsItsUriSuffix()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest);
        response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", "ConditionalCheckFailedException:http://internal.amazon.com/coral/com.amazonaws.dynamodb.v20120810/");

        Assert.Equal("ConditionalCheckFailedException", ErrorVocabulary.Read(null, response.Headers.NonValidated).Code);
    }

    [Theory]
    [InlineData("""{"error":{"code":["not","a","string"],"message":42}}""")]
    [InlineData("""{"status":"Failure","message":{"deep":{"deeper":{"deepest":{}}}}}""")]
    [InlineData("""[[[[[[[[[[[]]]]]]]]]]]""")]
    [InlineData("""{"title": """)]
    [InlineData("<html><body>502 Bad Gateway<br></body></html>")]
    [InlineData("<!DOCTYPE foo [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Error><Code>&x;</Code></Error>")]
    [InlineData("plain words, version conflict")]
    [InlineData("{\"message\":\"name \\ud83d taken\",\"code\":\"\\udc00\"}")]
    [InlineData("{\"error\":\"a\",\"error\":{\"code\":\"b\"}}")]
    public void Read_UnexpectedShapes_AreIgnoredNeverThrown(string body)
    {
        var error = ErrorVocabulary.Read(Body(body, "text/plain"), null);

        Assert.DoesNotContain("passwd", error.Words, StringComparison.Ordinal);
        Assert.Null(body.StartsWith("plain", StringComparison.Ordinal) ? error.Code : null);
    }

    [Fact]
    public void Read_JsonServedAsTextPlain_IsRead() =>
        Assert.Equal("conflict", ErrorVocabulary.Read(Body("""{"error":"conflict","reason":"Document update conflict."}""", "text/plain; charset=utf-8"), null).Code);

    private static Representation Json(string body) => Body(body, "application/json");

    private static Representation Body(string body, string mediaType) =>
        new(HttpStatusCode.Conflict, Encoding.UTF8.GetBytes(body), MediaTypeHeaderValue.Parse(mediaType), null);
}
