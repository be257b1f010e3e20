using System.Net;
using System.Net.Sockets;
using Garnet;
using Garnet.server;

namespace ConflictClient.Tests.Redis;

/// <summary>
/// Microsoft's Garnet, a Redis-protocol server, embedded in the test process on a free loopback port, with Lua scripts
/// atomic over their keys (as Redis runs them). Garnet cannot report a port it chose itself, so a free one is taken from
/// the OS first; a clash is retried.
/// </summary>
public sealed class GarnetTestServer : IDisposable
{
    private readonly GarnetServer _server;
    private int _disposed;

    private GarnetTestServer(GarnetServer server, int port) => (_server, Port) = (server, port);

    public int Port { get; }

    /// <summary>Gets the StackExchange.Redis configuration of this server.</summary>
    public string Configuration => $"127.0.0.1:{Port},abortConnect=false";

    public static GarnetTestServer Start()
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var server = new GarnetServer(new GarnetServerOptions
            {
                EndPoints = [new IPEndPoint(IPAddress.Loopback, port)],
                QuietMode = true,
                EnableLua = true,
                LuaTransactionMode = true,
                LuaOptions = new LuaOptions(),
                IndexMemorySize = "1m",
            });
            try
            {
                server.Start();
                return new GarnetTestServer(server, port);
            }
            catch (Exception) when (attempt < 5)
            {
                server.Dispose();
            }
        }
    }

    /// <summary>Stops the server: its clients' connections drop and new ones are refused.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _server.Dispose();
        }
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
