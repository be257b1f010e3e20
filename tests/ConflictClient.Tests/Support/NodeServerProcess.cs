using System.Diagnostics;

namespace ConflictClient.Tests.Support;

/// <summary>
/// A real server from the npm registry, run with Node.js from a folder under <c>tests/servers/</c>: its packages are
/// installed with <c>npm ci</c> when missing (<c>.ci/run</c> installs them first), it is started, and the test waits
/// for the line that says it listens. Disposing it stops it.
/// </summary>
public sealed class NodeServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private NodeServerProcess(Process process) => _process = process;

    /// <summary>Starts <c>node <paramref name="arguments"/></c> in <c>tests/servers/<paramref name="folder"/></c> and waits for a line starting with <paramref name="ready"/>.</summary>
    public static async Task<(NodeServerProcess Server, string ReadyLine)> StartAsync(string folder, string arguments, string ready)
    {
        var directory = Find(folder);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        if (!Directory.Exists(Path.Combine(directory, "node_modules")))
        {
            using var install = Start(directory, "npm", "ci --no-audit --no-fund --loglevel=error");
            install.StandardInput.Close();
            var errors = install.StandardError.ReadToEndAsync(timeout.Token);
            await install.StandardOutput.ReadToEndAsync(timeout.Token);
            await install.WaitForExitAsync(timeout.Token);
            if (install.ExitCode != 0)
            {
                throw new InvalidOperationException($"'npm ci' in {directory} failed ({install.ExitCode}): {await errors}");
            }
        }

        var process = Start(directory, "node", arguments);
        var server = new NodeServerProcess(process);
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith(ready, StringComparison.Ordinal))
            {
                // Keep draining its output, so the server never blocks on a full pipe.
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                return (server, line);
            }
        }

        var stderr = await process.StandardError.ReadToEndAsync(timeout.Token);
        await server.DisposeAsync();
        throw new InvalidOperationException($"The server in {directory} exited before it was ready: {stderr}");
    }

    public async ValueTask DisposeAsync()
    {
        // Stdin closing stops servers that watch it; the others are killed.
        _process.StandardInput.Close();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    private static Process Start(string directory, string file, string arguments) =>
        Process.Start(new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"Could not start {file}.");

    private static string Find(string folder)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "servers", folder);
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"tests/servers/{folder}/package.json was not found above {AppContext.BaseDirectory}");
    }
}
