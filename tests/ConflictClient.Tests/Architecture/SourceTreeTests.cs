using System.Text.RegularExpressions;

namespace ConflictClient.Tests.Architecture;

/// <summary>The house rules of the source tree that a compiler does not check.</summary>
public sealed class SourceTreeTests
{
    /// <summary>About 250 lines: a file is read in one sitting; a type that needs more is two types.</summary>
    private const int MaxLines = 250;

    private static readonly Regex TopLevelType = new(@"^(public|internal|file)( [a-z]+)* (class|struct|record|enum|interface|delegate) ", RegexOptions.CultureInvariant);

    [Fact]
    public void SourceFiles_InSrc_AreAtMost250Lines()
    {
        var tooLong = SourceFiles()
            .Select(file => (file, lines: File.ReadLines(file).Count()))
            .Where(pair => pair.lines > MaxLines)
            .Select(pair => $"{Relative(pair.file)}: {pair.lines} lines")
            .ToList();

        Assert.Empty(tooLong);
    }

    [Fact]
    public void SourceFiles_InSrc_NeverUseAsyncLocal()
    {
        // Per-call data travels in HttpRequestMessage.Options: ambient state leaks across calls that share a flow.
        var users = SourceFiles()
            .Where(file => File.ReadAllText(file).Contains("AsyncLocal", StringComparison.Ordinal))
            .Select(Relative)
            .ToList();

        Assert.Empty(users);
    }

    [Fact]
    public void SourceFiles_InSrc_DeclareOneTopLevelTypeEach()
    {
        var crowded = SourceFiles()
            .Select(file => (file, types: File.ReadLines(file).Count(line => TopLevelType.IsMatch(line))))
            .Where(pair => pair.types > 1)
            .Select(pair => $"{Relative(pair.file)}: {pair.types} types")
            .ToList();

        Assert.Empty(crowded);
    }

    [Fact]
    public void SourceFiles_InternalsFolders_DeclareNoPublicType()
    {
        var exposed = SourceFiles()
            .Where(file => file.Contains($"{Path.DirectorySeparatorChar}Internal{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(file => File.ReadLines(file).Any(line => line.StartsWith("public ", StringComparison.Ordinal)))
            .Select(Relative)
            .ToList();

        Assert.Empty(exposed);
    }

    [Fact]
    public void SourceFiles_Found_IncludeTheStrategy()
    {
        // Guards the walk itself: a wrong root would make every rule above pass on nothing.
        Assert.Contains(SourceFiles(), file => file.EndsWith("ConflictResolutionResilienceStrategy.cs", StringComparison.Ordinal));
    }

    private static IEnumerable<string> SourceFiles()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        return Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
    }

    private static string Relative(string file) => Path.GetRelativePath(RepositoryRoot(), file);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ConflictClient.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ConflictClient.sln above {AppContext.BaseDirectory}; run the tests from the repository.");
    }
}
