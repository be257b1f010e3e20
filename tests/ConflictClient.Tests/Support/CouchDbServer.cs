using System.Diagnostics;

namespace ConflictClient.Tests.Support;

/// <summary>
/// A real CouchDB-protocol server (PouchDB's express-pouchdb from the npm registry, in memory) on loopback, started for
/// the tests that use it and stopped after them. Its packages are installed with <c>npm ci</c> when missing
/// (<c>.ci/run</c> installs them before the tests).
/// </summary>
public sealed class CouchDbServer : IAsyncLifetime
{
    private Process? _process;

    public Uri BaseUri { get; private set; } = null!;

    public static string Directory { get; } = FindDirectory();

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        if (!System.IO.Directory.Exists(Path.Combine(Directory, "node_modules")))
        {
            await RunAsync("npm", "ci --no-audit --no-fund", timeout.Token);
        }

        _process = Start("node", "server.js 0");
        while (await _process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("listening on ", StringComparison.Ordinal))
            {
                BaseUri = new Uri(line["listening on ".Length..]);
                return;
            }
        }

        throw new InvalidOperationException($"The CouchDB-protocol server in {Directory} exited before listening: {await _process.StandardError.ReadToEndAsync(timeout.Token)}");
    }

    /// <summary>Creates a database of its own for a test, and returns its URI (ending in '/').</summary>
    public async Task<Uri> CreateDatabaseAsync()
    {
        using var http = new HttpClient();
        var database = new Uri(BaseUri, $"db-{Guid.NewGuid():N}/");
        using var created = await http.PutAsync(database, null);
        created.EnsureSuccessStatusCode();
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is null)
        {
            return;
        }

        // The server stops when its standard input closes; it is killed if it does not.
        _process.StandardInput.Close();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private static Process Start(string file, string arguments) =>
        Process.Start(new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"Could not start {file}.");

    private static async Task RunAsync(string file, string arguments, CancellationToken cancellationToken)
    {
        using var process = Start(file, arguments);
        process.StandardInput.Close();
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{file} {arguments}' in {Directory} failed ({process.ExitCode}): {await errors}");
        }
    }

    private static string FindDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "servers", "couchdb");
            if (File.Exists(Path.Combine(candidate, "server.js")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/servers/couchdb/server.js was not found above " + AppContext.BaseDirectory);
    }
}
