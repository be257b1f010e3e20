using System.Text.RegularExpressions;

namespace ConflictClient.PackageTests;

/// <summary>
/// A user's first hour (issue "A user's first hour"): README's install lines and quickstart, verbatim, in a fresh project
/// that sees only the packed packages; once with the newest dependencies the feeds serve, once with the pinned ones.
/// </summary>
[Collection(nameof(PackageFeedCollection))]
public sealed partial class PackageConsumerTests(PackageFeed packages)
{
    private const string Documented = "Saved: Todo { Id = 1, Title = Write the docs, Done = True }";

    [Fact]
    public async Task Quickstart_InstalledAsReadmeSaysWithTheNewestDependencies_PrintsTheDocumentedLine()
    {
        var output = await RunQuickstartAsync("newest", pinned: false);

        Assert.Contains(Documented, output, StringComparison.Ordinal);
        var refit = System.Xml.Linq.XDocument.Load(Path.Combine(packages.Root, "quickstart-newest", "quickstart-newest.csproj"))
            .Descendants("PackageReference").Single(p => (string?)p.Attribute("Include") == "Refit.HttpClientFactory").Attribute("Version")!.Value;
        Assert.True(Version.Parse(refit) >= new Version(17, 0), $"the newest Refit.HttpClientFactory the feeds serve was {refit}"); // not the pinned 16.4
    }

    [Fact]
    public async Task Quickstart_InstalledWithThePinnedDependencies_PrintsTheDocumentedLine()
    {
        var output = await RunQuickstartAsync("pinned", pinned: true);

        Assert.Contains(Documented, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Testing_InAConsoleApp_BringsNoWireMock()
    {
        var folder = packages.NewProjectFolder("testing-console");
        await PackageFeed.RunAsync(folder, "dotnet", "new console --framework net10.0");
        await PackageFeed.RunAsync(folder, "dotnet", "add package ConflictClient.Testing");

        var transitive = await PackageFeed.RunAsync(folder, "dotnet", "list package --include-transitive");

        Assert.Contains("ConflictClient.Testing", transitive, StringComparison.Ordinal);
        Assert.Contains("ConflictClient ", transitive, StringComparison.Ordinal);
        Assert.DoesNotContain("WireMock", transitive, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Testing_InATestProject_ItsSimulatorAndChaosWorkFromThePackage()
    {
        // Written by hand, not from a template: a fresh machine has the SDK's templates only. An xunit v3 test project is
        // a program that runs its own tests.
        var folder = packages.NewProjectFolder("testing-tests");
        File.WriteAllText(Path.Combine(folder, "SimulatorTests.csproj"), ConsumerSources.TestProject);
        File.WriteAllText(Path.Combine(folder, "SimulatorTests.cs"), ConsumerSources.SimulatorTests);
        foreach (var package in (string[])["xunit.v3", "ConflictClient.Testing"])
        {
            await PackageFeed.RunAsync(folder, "dotnet", $"add package {package}");
        }

        var output = await PackageFeed.RunAsync(folder, "dotnet", "run");

        Assert.Contains("Total: 2, Errors: 0, Failed: 0", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redis_InstalledAsTheGuideSays_RegistersTurnsForTheClient()
    {
        var folder = packages.NewProjectFolder("redis-console");
        await PackageFeed.RunAsync(folder, "dotnet", "new console --framework net10.0");
        await PackageFeed.RunAsync(folder, "dotnet", "add package ConflictClient.Redis");
        File.WriteAllText(Path.Combine(folder, "Program.cs"), ConsumerSources.RedisProgram);

        var output = await PackageFeed.RunAsync(folder, "dotnet", "run");

        Assert.Contains("turns: registered", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outbox_InstalledAsTheReadmeSays_KeepsAWriteAcrossARestartWhileOffline()
    {
        var folder = packages.NewProjectFolder("outbox-console");
        await PackageFeed.RunAsync(folder, "dotnet", "new console --framework net10.0");
        await PackageFeed.RunAsync(folder, "dotnet", "add package ConflictClient.Outbox");
        File.WriteAllText(Path.Combine(folder, "Program.cs"), ConsumerSources.OutboxProgram);

        var output = await PackageFeed.RunAsync(folder, "dotnet", "run");

        Assert.Contains("offline: True", output, StringComparison.Ordinal);
        Assert.Contains("after restart: 1 waiting", output, StringComparison.Ordinal);
    }

    private async Task<string> RunQuickstartAsync(string name, bool pinned)
    {
        var folder = packages.NewProjectFolder($"quickstart-{name}");
        await PackageFeed.RunAsync(folder, "dotnet", "new console --framework net10.0");
        foreach (var package in ReadmeInstallLines().Append("Microsoft.Extensions.Hosting"))
        {
            var version = !pinned ? string.Empty
                : package.StartsWith("ConflictClient", StringComparison.Ordinal) ? string.Empty
                : $" --version {PackageFeed.Pinned(package)}";
            await PackageFeed.RunAsync(folder, "dotnet", $"add package {package}{version}");
        }

        File.WriteAllText(Path.Combine(folder, "Program.cs"), ReadmeQuickstart());
        return await PackageFeed.RunAsync(folder, "dotnet", "run");
    }

    /// <summary>The packages README's install block adds, in its order.</summary>
    private static IEnumerable<string> ReadmeInstallLines()
    {
        var readme = File.ReadAllText(Path.Combine(PackageFeed.RepositoryRoot, "README.md")).ReplaceLineEndings("\n");
        var install = readme[readme.IndexOf("## Install", StringComparison.Ordinal)..];
        install = install[..install.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        return [.. AddPackage().Matches(install).Select(m => m.Groups["name"].Value)];
    }

    /// <summary>README's quickstart code block, verbatim.</summary>
    private static string ReadmeQuickstart()
    {
        var readme = File.ReadAllText(Path.Combine(PackageFeed.RepositoryRoot, "README.md")).ReplaceLineEndings("\n");
        var section = readme[readme.IndexOf("## Quickstart", StringComparison.Ordinal)..];
        var start = section.IndexOf("```csharp\n", StringComparison.Ordinal) + "```csharp\n".Length;
        return section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
    }

    [GeneratedRegex(@"^dotnet add package (?<name>[A-Za-z0-9.]+)", RegexOptions.Multiline)]
    private static partial Regex AddPackage();
}
