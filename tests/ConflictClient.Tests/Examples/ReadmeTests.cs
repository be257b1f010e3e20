using ConflictClient.Tests.Support;

namespace ConflictClient.Tests.Examples;

/// <summary>README shows code that runs: its quickstart is the Quickstart example's code, character for character.</summary>
public sealed class ReadmeTests
{
    [Fact]
    public void Quickstart_InReadme_IsTheExamplesProgram()
    {
        var readme = File.ReadAllText(Path.Combine(ExampleProcess.RepositoryRoot, "README.md")).ReplaceLineEndings("\n");
        var program = File.ReadAllText(Path.Combine(ExampleProcess.RepositoryRoot, "examples", "ConflictClient.Quickstart", "Program.cs")).ReplaceLineEndings("\n");

        var section = readme[readme.IndexOf("## Quickstart", StringComparison.Ordinal)..];
        var start = section.IndexOf("```csharp\n", StringComparison.Ordinal) + "```csharp\n".Length;
        var code = section[start..section.IndexOf("```\n", start, StringComparison.Ordinal)];

        Assert.Equal(program, code);
    }
}
