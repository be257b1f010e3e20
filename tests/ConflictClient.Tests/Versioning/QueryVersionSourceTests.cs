using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ConflictClient.Http;
using ConflictClient.Profiles;
using ConflictClient.Versioning;

namespace ConflictClient.Tests.Versioning;

public sealed class QueryVersionSourceTests
{
    private static readonly VersionSource Elasticsearch = VersionSource.Query(("if_seq_no", "/_seq_no"), ("if_primary_term", "/_primary_term"));

    [Fact]
    public void Carries_AllParametersPresent_IsConditional()
    {
        Assert.True(Elasticsearch.Carries(new Uri("http://es.test/i/_doc/1?if_seq_no=5&if_primary_term=1"), null));
        Assert.False(Elasticsearch.Carries(new Uri("http://es.test/i/_doc/1?if_seq_no=5"), null));
        Assert.False(Elasticsearch.Carries(new Uri("http://es.test/i/_doc/1"), null));
    }

    [Fact]
    public void Retarget_SeveralParts_SetsEachAndKeepsTheRestOfTheQueryByteForByte()
    {
        var remote = new Representation(HttpStatusCode.OK, Encoding.UTF8.GetBytes("""{"_seq_no":7,"_primary_term":2,"_source":{}}"""), null, null);
        Assert.True(Elasticsearch.TryReadRemote(remote, () => JsonNode.Parse(remote.Body), out var version));

        var retried = Elasticsearch.Retarget(new Uri("http://es.test/i/_doc/1?refresh=true&if_seq_no=5&sig=a%2Bb%3D&if_primary_term=1"), version);

        Assert.Equal("?refresh=true&sig=a%2Bb%3D&if_seq_no=7&if_primary_term=2", retried.Query);
    }

    [Fact]
    public void ResourceUriOf_DropsTheVersionParametersOnly()
    {
        var couch = VersionSource.Query(("rev", "/_rev"));

        Assert.Equal("http://couch.test/db/doc?attachments=true", couch.ResourceUriOf(new Uri("http://couch.test/db/doc?rev=1-abc&attachments=true")).AbsoluteUri);
    }

    [Fact]
    public void Validate_BadPointerOrNoParts_SaysWhat()
    {
        Assert.Contains("must start with '/'", VersionSource.Query(("rev", "_rev")).Validate(), StringComparison.Ordinal);
        Assert.Contains("name at least one", VersionSource.Query().Validate(), StringComparison.Ordinal);
    }

    [Fact]
    public void IsCreateOnly_GoogleGenerationZero_IsCreateOnlyNotAVersion()
    {
        var options = new ConflictClient.Conflicts.ConflictResolutionStrategyOptions().Use(ConflictClient.Profiles.ConflictProfiles.GoogleCloudStorage);
        var createOnly = new Uri("http://gcs.test/upload/storage/v1/b/bucket/o?name=x&ifGenerationMatch=0");

        Assert.True(options.Versions.Source.IsCreateOnly(createOnly));
        Assert.False(options.Versions.Source.Carries(createOnly, null));
        Assert.True(options.Versions.Source.Carries(new Uri("http://gcs.test/upload/storage/v1/b/bucket/o?name=x&ifGenerationMatch=17"), null));
    }

    [Fact]
    public void Pointers_AreTheVersionFields_ServerManagedInMerges() =>
        Assert.Equal(["/_seq_no", "/_primary_term"], Elasticsearch.Pointers);

    [Fact]
    public void WritesBody_QueryVersionsNeverTouchTheBody() => Assert.False(Elasticsearch.WritesBody);

    [Theory]
    [InlineData("?if_seq_no=0&if_primary_term=0", true)]
    [InlineData("?if_seq_no=0&if_primary_term=3", false)]  // only when every parameter says "none"
    [InlineData("?if_seq_no=0", false)]
    public void IsCreateOnly_EveryParameterMustSayNone(string query, bool expected) =>
        Assert.Equal(expected, new QueryVersionSource([("if_seq_no", "/_seq_no"), ("if_primary_term", "/_primary_term")], createOnlyValue: "0").IsCreateOnly(new Uri("http://es.test/i/_doc/1" + query)));

    [Fact]
    public void ReadLocal_TheWritesOwnParameters_OrNothingWhenOneIsMissing()
    {
        var snapshot = new RequestSnapshot(new HttpRequestMessage(HttpMethod.Put, "http://es.test/i/_doc/1?if_seq_no=5%26x&if_primary_term=1"), body: null);
        var partial = new RequestSnapshot(new HttpRequestMessage(HttpMethod.Put, "http://es.test/i/_doc/1?if_seq_no=5"), body: null);

        Assert.Equal("if_seq_no=5%26x&if_primary_term=1", Elasticsearch.ReadLocal(snapshot, null).Value);
        Assert.True(Elasticsearch.ReadLocal(partial, null).IsEmpty);
    }

    [Fact]
    public void Retarget_OneParameterHoldingJoinCharacters_IsSentExactly()
    {
        var couch = VersionSource.Query(("rev", "/_rev"));

        var retried = couch.Retarget(new Uri("http://couch.test/db/doc?rev=1"), VersionToken.FromString("2-a&b=c%d"));

        Assert.Equal("?rev=2-a%26b%3Dc%25d", retried.Query);
    }

    [Fact]
    public void Validate_EmptyParameterName_SaysSo() =>
        Assert.Contains("a query parameter name is empty", VersionSource.Query(("", "/_rev")).Validate(), StringComparison.Ordinal);

    [Fact]
    public void MissingVersion_NamesEveryPointerAndParameter()
    {
        Assert.Equal("no string or number at '/_seq_no' (for ?if_seq_no=), '/_primary_term' (for ?if_primary_term=) in the body", Elasticsearch.MissingVersionWhere);
        Assert.Equal("Check the pointers given to VersionSource.Query.", Elasticsearch.MissingVersionHint);
    }
}
