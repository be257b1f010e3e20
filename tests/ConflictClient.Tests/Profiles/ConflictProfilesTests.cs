using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ConflictClient.Conflicts;
using ConflictClient.DependencyInjection;
using ConflictClient.Http;
using ConflictClient.Merging;
using ConflictClient.Profiles;
using ConflictClient.Tests.Support;
using Polly;

namespace ConflictClient.Tests.Profiles;

/// <summary>Every profile validates, handles its API's recorded conflicts and classifies them as they mean.</summary>
public sealed class ConflictProfilesTests
{
    /// <summary>Which recorded APIs each profile is for.</summary>
    private static readonly Dictionary<string, ConflictProfile> ProfileOf = new(StringComparer.Ordinal)
    {
        ["CouchDB"] = ConflictProfiles.CouchDb,
        ["Kubernetes API server"] = ConflictProfiles.Kubernetes,
        ["Azure Table Storage"] = ConflictProfiles.AzureTables,
        ["Azure Blob Storage"] = ConflictProfiles.AzureBlobs,
        ["Azure Cosmos DB"] = ConflictProfiles.CosmosDb,
        ["Amazon S3"] = ConflictProfiles.AmazonS3,
        ["Google Cloud Storage"] = ConflictProfiles.GoogleCloudStorage,
        ["Elasticsearch"] = ConflictProfiles.Elasticsearch,
        ["OpenSearch"] = ConflictProfiles.Elasticsearch,
        ["GitHub REST API"] = ConflictProfiles.GitHub,
        ["Microsoft Graph"] = ConflictProfiles.MicrosoftGraph,
        ["SharePoint REST"] = ConflictProfiles.MicrosoftGraph,
        ["FHIR (HL7 spec)"] = ConflictProfiles.Fhir,
        ["HAPI FHIR"] = ConflictProfiles.Fhir,

        // Recorded in the held-out sets, and run end to end in PostUpdateTests.
        ["Google Cloud Resource Manager API"] = ConflictProfiles.GoogleIamPolicy,
        ["Google Cloud KMS API"] = ConflictProfiles.GoogleIamPolicy,
    };

    public static TheoryData<string> Profiles() => [.. ConflictProfiles.All.Select(p => p.Name)];

    public static TheoryData<string> ProfiledRecords() =>
        [.. RecordedConflict.All.Where(r => ProfileOf.ContainsKey(r.GetProperty("api").GetString()!)).Select(RecordedConflict.NameOf)];

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Use_EachProfile_ValidatesAndIsRecordedAsTested(string name)
    {
        var profile = ConflictProfiles.All.Single(p => p.Name == name);
        var options = new ConflictResolutionStrategyOptions { MergeStrategy = MergeStrategy.ClientWins }.Use(profile);

        Assert.True(new ConflictResolutionOptionsValidator().Validate(name, options).Succeeded);
        Assert.Contains(profile, ProfileOf.Values);
        Assert.False(string.IsNullOrWhiteSpace(profile.Description));
    }

    [Theory]
    [MemberData(nameof(ProfiledRecords))]
    public async Task Classify_RecordedResponseUnderItsProfile_IsHandledAndMeansWhatItSays(string name)
    {
        using var recorded = RecordedConflict.Named(name);
        var options = new ConflictResolutionStrategyOptions { MergeStrategy = MergeStrategy.ClientWins }.Use(ProfileOf[recorded.Api]);
        var context = ResilienceContextPool.Shared.Get(TestContext.Current.CancellationToken);
        var status = recorded.Status;

        var handled = await options.ShouldHandle(new ConflictPredicateArguments(context, recorded.Request, recorded.Response));
        var kind = ConflictClassifier.Classify(recorded.Arguments(context), options.ConflictRules);

        // APIs that answer a version check with 400 need ShouldHandle widened; the profiles of these APIs do not use 400.
        Assert.True(handled || status == HttpStatusCode.BadRequest, $"{name}: {(int)status} is not handled under its profile");
        Assert.Equal(recorded.Expected, kind);
    }

    [Fact]
    public void Kubernetes_PostMetAlreadyExists_FindsTheObjectByItsName()
    {
        var options = new ConflictResolutionStrategyOptions().Use(ConflictProfiles.Kubernetes);

        var located = options.Creates.ExistingResourceLocator!(Existing("https://k8s.test/api/v1/namespaces/prod/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"app config"}}"""));

        Assert.Equal("https://k8s.test/api/v1/namespaces/prod/configmaps/app%20config", located!.AbsoluteUri);
    }

    [Fact]
    public void AzureTables_InsertMetEntityAlreadyExists_FindsTheEntityAndKeepsTheSas()
    {
        var options = new ConflictResolutionStrategyOptions().Use(ConflictProfiles.AzureTables);

        var located = options.Creates.ExistingResourceLocator!(Existing("https://acct.table.core.windows.net/people?sv=2023-11-03&sig=a%2Bb%3D", """{"PartitionKey":"o'neil","RowKey":"1","Name":"x"}"""));

        Assert.Equal("https://acct.table.core.windows.net/people(PartitionKey='o%27%27neil',RowKey='1')?sv=2023-11-03&sig=a%2Bb%3D", located!.AbsoluteUri);
    }

    [Fact]
    public void Kubernetes_ServerManagedFields_AreDeclared()
    {
        var options = new ConflictResolutionStrategyOptions().Use(ConflictProfiles.Kubernetes);

        Assert.Contains("/metadata/managedFields", options.Versions.ServerManagedPaths);
    }

    private static ExistingResourceArguments Existing(string uri, string body) =>
        new(ResilienceContextPool.Shared.Get(TestContext.Current.CancellationToken), HttpMethod.Post, new Uri(uri), Encoding.UTF8.GetBytes(body), null);
}
