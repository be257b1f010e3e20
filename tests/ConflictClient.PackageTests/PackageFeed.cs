using System.Diagnostics;
using System.Text;
using System.Xml.Linq;

namespace ConflictClient.PackageTests;

/// <summary>The packages of this repository, packed once into a folder feed, and fresh projects that consume them.</summary>
public sealed class PackageFeed : IAsyncLifetime
{
    private static readonly string[] Packages = ["ConflictClient", "ConflictClient.Refit", "ConflictClient.Testing", "ConflictClient.Testing.WireMock", "ConflictClient.Redis", "ConflictClient.Outbox"];

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"conflictclient-packages-{Guid.NewGuid():N}");

    public string Feed => Path.Combine(Root, "feed");

    /// <summary>A NuGet cache of its own, so a package packed here is never confused with an older one of the same version.</summary>
    public string Cache => Path.Combine(Root, "cache");

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The version each pinned dependency has in Directory.Packages.props.</summary>
    public static string Pinned(string package) =>
        XDocument.Load(Path.Combine(RepositoryRoot, "Directory.Packages.props")).Descendants("PackageVersion")
            .Single(p => (string?)p.Attribute("Include") == package).Attribute("Version")!.Value
            .Replace("$(RefitVersion)", "16.4.0", StringComparison.Ordinal);

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        foreach (var package in Packages)
        {
            await RunAsync(RepositoryRoot, "dotnet", $"pack src/{package} -c Release -o \"{Feed}\" --artifacts-path \"{Path.Combine(Root, "pack")}\" -p:ContinuousIntegrationBuild=true");
        }
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is not a failure of the packages.
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>A new empty folder outside the repository, with a nuget.config that adds the feed to the machine's sources.</summary>
    public string NewProjectFolder(string name)
    {
        var folder = Path.Combine(Root, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{Cache}" /></config>
              <packageSources><add key="conflictclient-local" value="{Feed}" /></packageSources>
            </configuration>
            """);
        return folder;
    }

    /// <summary>Runs a command; throws with its output if it fails or takes more than ten minutes.</summary>
    public static async Task<string> RunAsync(string directory, string file, string arguments, string? input = null)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {arguments} took more than ten minutes.");
        }

        output.Append(await stdout).Append(await stderr);
        return process.ExitCode == 0
            ? output.ToString()
            : throw new InvalidOperationException($"{file} {arguments} in {directory} failed ({process.ExitCode}):\n{output}");
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ConflictClient.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ConflictClient.sln above {AppContext.BaseDirectory}.");
    }
}
