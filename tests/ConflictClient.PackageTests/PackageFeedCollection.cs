namespace ConflictClient.PackageTests;

/// <summary>One feed for every consumer test: packing takes a while.</summary>
[CollectionDefinition(nameof(PackageFeedCollection))]
public sealed class PackageFeedCollection : ICollectionFixture<PackageFeed>;
