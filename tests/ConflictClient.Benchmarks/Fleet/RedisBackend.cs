using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ConflictClient.Tests.Redis;

namespace ConflictClient.Benchmarks.Fleet;

/// <summary>
/// The Redis-protocol server turns use: Garnet embedded in this process (the default: needs nothing but NuGet), or
/// Debian's <c>redis-server</c> as a process of its own when <c>FLEET_REDIS=redis-server</c> (then "killed" is SIGKILL).
/// </summary>
public sealed class RedisBackend : IDisposable
{
    private readonly GarnetTestServer? _garnet;
    private readonly Process? _process;
    private int _stopped;

    private RedisBackend(GarnetTestServer? garnet, Process? process, int port) => (_garnet, _process, Port) = (garnet, process, port);

    public static string Kind => Environment.GetEnvironmentVariable("FLEET_REDIS") is "redis-server" ? "redis-server" : "garnet";

    public int Port { get; }

    public static RedisBackend Start()
    {
        if (Kind == "garnet")
        {
            var garnet = GarnetTestServer.Start();
            return new RedisBackend(garnet, null, garnet.Port);
        }

        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var process = Process.Start(new ProcessStartInfo("redis-server", ["--port", $"{port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return new RedisBackend(null, process, port);
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                Thread.Sleep(10); // a process start-up, not a measured wait
            }
        }
    }

    /// <summary>Stops the server: Garnet is disposed, redis-server is killed (SIGKILL).</summary>
    public void Dispose()
    {
        _garnet?.Dispose();
        if (_process is not null && Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            _process.Dispose();
        }
    }
}
