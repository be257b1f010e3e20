using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace ConflictClient.Benchmarks.Fleet;

/// <summary>
/// A TCP forwarder that adds latency, not a bandwidth limit: every chunk is passed on <c>oneWay</c> after it arrived,
/// reads never wait for writes. A round trip through it is <c>2 × oneWay</c> slower.
/// </summary>
public sealed class LatencyProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _oneWay;
    private readonly int _upstreamPort;

    public LatencyProxy(int upstreamPort, TimeSpan oneWay)
    {
        (_upstreamPort, _oneWay) = (upstreamPort, oneWay);
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient downstream;
            try
            {
                downstream = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using var client = downstream;
                using var upstream = new TcpClient();
                try
                {
                    await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
                    await Task.WhenAny(PumpAsync(client.GetStream(), upstream.GetStream()), PumpAsync(upstream.GetStream(), client.GetStream()));
                }
                catch (Exception)
                {
                    // A side went away: so does the other.
                }
            });
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        var chunks = Channel.CreateUnbounded<(long Due, byte[] Bytes)>();
        var writer = Task.Run(async () =>
        {
            await foreach (var (due, bytes) in chunks.Reader.ReadAllAsync(_stop.Token))
            {
                var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (left > TimeSpan.Zero)
                {
                    await Task.Delay(left, _stop.Token);
                }

                await to.WriteAsync(bytes, _stop.Token);
            }
        });
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                chunks.Writer.TryWrite((Stopwatch.GetTimestamp() + (long)(_oneWay.TotalSeconds * Stopwatch.Frequency), buffer[..read]));
            }
        }
        finally
        {
            chunks.Writer.TryComplete();
            await writer;
        }
    }
}
