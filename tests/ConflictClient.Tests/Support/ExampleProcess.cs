using System.Diagnostics;
using System.Reflection;

namespace ConflictClient.Tests.Support;

/// <summary>Runs an example as a user would, as its own process, and returns its exit code and output.</summary>
public static class ExampleProcess
{
    /// <summary>Gets the repository's root: the directory holding ConflictClient.sln.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static async Task<(int ExitCode, string Output)> RunAsync(string project, string? input = null)
    {
        var configuration = typeof(ExampleProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var dll = Path.Combine(RepositoryRoot, "examples", project, "bin", configuration, "net10.0", project + ".dll");
        Assert.True(File.Exists(dll), $"{dll} is not built; build the solution first.");

        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.StandardInput.WriteAsync(input ?? string.Empty);
        process.StandardInput.Close();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2)); // a hung example fails the test instead of the whole run
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output + await errors);
    }

    private static string FindRoot()
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
