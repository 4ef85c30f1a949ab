using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using GroundStation.Messaging.Protocol;

namespace GroundStation.Messaging.Tests.Client;

/// <summary>
/// A fake broker the test drives packet by packet: it answers CONNECT with a chosen CONNACK and otherwise reports every
/// packet it receives and sends only what the test tells it to, so client behaviour at the protocol edges can be
/// checked deterministically.
/// </summary>
internal sealed class ScriptedBroker : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Channel<(int Connection, MqttPacket Packet)> _received = Channel.CreateUnbounded<(int, MqttPacket)>();
    private readonly Channel<int> _closed = Channel.CreateUnbounded<int>();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _connections = [];
    private readonly Task _acceptLoop;

    public ScriptedBroker(MqttConnectReturnCode connAck = MqttConnectReturnCode.Accepted, bool sessionPresent = false)
    {
        ConnAck = connAck;
        SessionPresent = sessionPresent;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public MqttConnectReturnCode ConnAck { get; set; }

    public bool SessionPresent { get; set; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The next packet any connection sent (CONNECT included), with the connection's number (1, 2, ...).</summary>
    public async Task<(int Connection, MqttPacket Packet)> NextAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await _received.Reader.ReadAsync(deadline.Token);
    }

    /// <summary>The next packet of type <typeparamref name="T"/>, skipping others (PINGREQ and the like).</summary>
    public async Task<(int Connection, T Packet)> NextAsync<T>(TimeSpan? timeout = null)
        where T : MqttPacket
    {
        while (true)
        {
            var (connection, packet) = await NextAsync(timeout);
            if (packet is T typed)
            {
                return (connection, typed);
            }
        }
    }

    /// <summary>Completes when connection <paramref name="connection"/> has been closed by the client.</summary>
    public async Task WaitClosedAsync(int connection, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (await _closed.Reader.ReadAsync(deadline.Token) != connection)
        {
        }
    }

    public async Task SendAsync(int connection, MqttPacket packet)
    {
        var writer = new ArrayBufferWriter<byte>();
        MqttEncoder.Write(writer, packet);
        Socket socket;
        lock (_connections)
        {
            socket = _connections[connection - 1];
        }

        await socket.SendAsync(writer.WrittenMemory);
    }

    /// <summary>Resets connection <paramref name="connection"/> as a network failure would.</summary>
    public void Drop(int connection)
    {
        lock (_connections)
        {
            var socket = _connections[connection - 1];
            socket.LingerState = new LingerOption(true, 0);
            socket.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_connections)
        {
            foreach (var socket in _connections)
            {
                socket.Dispose();
            }
        }

        await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            int number;
            lock (_connections)
            {
                _connections.Add(socket);
                number = _connections.Count;
            }

            _ = ServeAsync(number, socket);
        }
    }

    private async Task ServeAsync(int number, Socket socket)
    {
        var decoder = new MqttDecoder();
        var buffer = new byte[65536];
        var pending = new ArrayBufferWriter<byte>();
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                pending.Write(buffer.AsSpan(0, read));
                var sequence = new ReadOnlySequence<byte>(pending.WrittenMemory);
                while (decoder.TryDecode(ref sequence, out var packet))
                {
                    if (packet is ConnectPacket)
                    {
                        var answer = new ArrayBufferWriter<byte>();
                        MqttEncoder.WriteConnAck(answer, SessionPresent, ConnAck);
                        await socket.SendAsync(answer.WrittenMemory);
                    }

                    await _received.Writer.WriteAsync((number, packet));
                }

                var rest = sequence.ToArray();
                pending.ResetWrittenCount();
                pending.Write(rest);
            }
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The test dropped the connection or stopped the broker; the close is reported below like any other.
        }

        await _closed.Writer.WriteAsync(number);
    }
}
