using System.Net;
using System.Net.Sockets;

namespace GroundStation.Testing;

/// <summary>
/// A loopback TCP relay between a client under test and a real peer, which a test can sever (every connection reset
/// at once, as a network failure would) and close to new connections (an outage) while the peer keeps running.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<Socket> _sockets = [];
    private readonly Task _acceptLoop;
    private int _accepted;
    private int _pumpFailures;
    private volatile bool _refusing;

    private TcpProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>The loopback port clients connect to.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many client connections were accepted and relayed so far.</summary>
    public int AcceptedConnections => Volatile.Read(ref _accepted);

    /// <summary>How many relay directions ended with a socket error (expected after <see cref="SeverAll"/>).</summary>
    public int PumpFailures => Volatile.Read(ref _pumpFailures);

    /// <summary>While true, new connections are accepted and closed at once, as if the peer were unreachable.</summary>
    public bool Refusing
    {
        get => _refusing;
        set => _refusing = value;
    }

    /// <summary>Starts a relay to <paramref name="targetHost"/>:<paramref name="targetPort"/>.</summary>
    public static TcpProxy Start(string targetHost, int targetPort) => new(targetHost, targetPort);

    /// <summary>Resets every relayed connection (both sides see the connection drop).</summary>
    public void SeverAll()
    {
        List<Socket> sockets;
        lock (_gate)
        {
            sockets = [.. _sockets];
            _sockets.Clear();
        }

        foreach (var socket in sockets)
        {
            Reset(socket);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        SeverAll();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
            // The accept loop ends by cancellation when the proxy is disposed; that is its normal end.
        }

        _stop.Dispose();
    }

    // Linger 0 turns close into a reset: nothing in flight is delivered, as with a cut cable.
    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (ObjectDisposedException)
        {
            // Its relay closed it a moment ago: it is already as cut as it can be.
            return;
        }

        socket.Dispose();
    }

    private void Forget(Socket socket)
    {
        lock (_gate)
        {
            _sockets.Remove(socket);
        }

        socket.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            if (_refusing)
            {
                Reset(client);
                continue;
            }

            var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await upstream.ConnectAsync(_targetHost, _targetPort, _stop.Token);
            }
            catch (SocketException)
            {
                Interlocked.Increment(ref _pumpFailures);
                upstream.Dispose();
                client.Dispose();
                continue;
            }

            client.NoDelay = true;
            lock (_gate)
            {
                _sockets.Add(client);
                _sockets.Add(upstream);
            }

            Interlocked.Increment(ref _accepted);
            _ = PumpAsync(client, upstream);
            _ = PumpAsync(upstream, client);
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // A severed or disposed relay ends here by design; it is counted so a test can see that it happened.
            Interlocked.Increment(ref _pumpFailures);
            Forget(from);
            Forget(to);
        }
    }
}
