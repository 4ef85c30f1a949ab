using System.Buffers;
using System.Net;
using System.Net.Sockets;
using GroundStation.Messaging.Protocol;

namespace GroundStation.Messaging.Tests.Broker;

/// <summary>A bare MQTT connection for driving the broker packet by packet (and sending it garbage).</summary>
internal sealed class RawMqttClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly MqttDecoder _decoder = new();
    private readonly byte[] _buffer = new byte[64 * 1024];
    private ReadOnlySequence<byte> _pending = ReadOnlySequence<byte>.Empty;
    private byte[] _pendingBytes = [];

    private RawMqttClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<RawMqttClient> ConnectTcpAsync(IPEndPoint endPoint)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(endPoint.Address, endPoint.Port);
        return new RawMqttClient(tcp);
    }

    /// <summary>Opens a connection and completes the CONNECT handshake, returning the CONNACK.</summary>
    public static async Task<(RawMqttClient Client, ConnAckPacket ConnAck)> ConnectAsync(IPEndPoint endPoint, ConnectPacket connect)
    {
        var client = await ConnectTcpAsync(endPoint);
        await client.SendAsync(connect);
        var connAck = await client.ReceiveAsync<ConnAckPacket>();
        return (client, connAck);
    }

    public static Task<(RawMqttClient Client, ConnAckPacket ConnAck)> ConnectAsync(IPEndPoint endPoint, string clientId,
        bool cleanSession = true, ushort keepAlive = 0, MqttWill? will = null) =>
        ConnectAsync(endPoint, new ConnectPacket(clientId, cleanSession, keepAlive, will));

    public async Task SendAsync(MqttPacket packet)
    {
        var writer = new ArrayBufferWriter<byte>();
        MqttEncoder.Write(writer, packet);
        await SendRawAsync(writer.WrittenMemory);
    }

    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes) => await _stream.WriteAsync(bytes);

    public async Task<T> ReceiveAsync<T>(TimeSpan? timeout = null)
        where T : MqttPacket
    {
        var packet = await ReceiveAsync(timeout);
        return packet as T ?? throw new Xunit.Sdk.XunitException($"Expected {typeof(T).Name} but received {packet}.");
    }

    public async Task<MqttPacket> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (true)
        {
            if (!_pending.IsEmpty)
            {
                var buffer = _pending;
                if (_decoder.TryDecode(ref buffer, out var packet))
                {
                    _pendingBytes = buffer.ToArray();
                    _pending = new ReadOnlySequence<byte>(_pendingBytes);
                    return packet;
                }
            }

            var read = await _stream.ReadAsync(_buffer, deadline.Token);
            if (read == 0)
            {
                throw new EndOfStreamException("The broker closed the connection.");
            }

            _pendingBytes = [.. _pendingBytes, .. _buffer.AsSpan(0, read)];
            _pending = new ReadOnlySequence<byte>(_pendingBytes);
        }
    }

    /// <summary>Receives the next PUBLISH, acknowledging it as its QoS requires (QoS 2 through PUBCOMP).</summary>
    public async Task<PublishPacket> ReceivePublishAsync(TimeSpan? timeout = null)
    {
        while (true)
        {
            var packet = await ReceiveAsync(timeout);
            switch (packet)
            {
                case PublishPacket publish:
                    if (publish.Qos == MqttQualityOfService.AtLeastOnce)
                    {
                        await SendAsync(new PubAckPacket(publish.PacketId));
                    }
                    else if (publish.Qos == MqttQualityOfService.ExactlyOnce)
                    {
                        await SendAsync(new PubRecPacket(publish.PacketId));
                    }

                    return publish;
                case PubRelPacket release:
                    await SendAsync(new PubCompPacket(release.PacketId));
                    break;
                default:
                    throw new Xunit.Sdk.XunitException($"Expected PUBLISH but received {packet}.");
            }
        }
    }

    public async Task SubscribeAsync(string filter, MqttQualityOfService qos, ushort packetId = 1)
    {
        await SendAsync(new SubscribePacket(packetId, [new MqttSubscription(TopicFilter.Parse(filter), qos)]));
        var ack = await ReceiveAsync<SubAckPacket>();
        Assert.Equal(packetId, ack.PacketId);
        Assert.Equal((MqttSubscribeReturnCode)qos, Assert.Single(ack.ReturnCodes));
    }

    /// <summary>Publishes and completes the QoS handshake.</summary>
    public async Task PublishAsync(string topic, string payload, MqttQualityOfService qos = MqttQualityOfService.AtMostOnce,
        bool retain = false, ushort packetId = 1)
    {
        var id = qos == MqttQualityOfService.AtMostOnce ? (ushort)0 : packetId;
        await SendAsync(new PublishPacket(TopicName.Parse(topic), System.Text.Encoding.UTF8.GetBytes(payload), qos, retain, false, id));
        if (qos == MqttQualityOfService.AtLeastOnce)
        {
            Assert.Equal(id, (await ReceiveAsync<PubAckPacket>()).PacketId);
        }
        else if (qos == MqttQualityOfService.ExactlyOnce)
        {
            Assert.Equal(id, (await ReceiveAsync<PubRecPacket>()).PacketId);
            await SendAsync(new PubRelPacket(id));
            Assert.Equal(id, (await ReceiveAsync<PubCompPacket>()).PacketId);
        }
    }

    /// <summary>Waits until the broker closes the connection, failing if it sends anything but <paramref name="allowed"/> first.</summary>
    public async Task<List<MqttPacket>> ExpectClosedAsync(TimeSpan? timeout = null)
    {
        var received = new List<MqttPacket>();
        try
        {
            while (true)
            {
                received.Add(await ReceiveAsync(timeout));
            }
        }
        catch (EndOfStreamException)
        {
            return received;
        }
        catch (IOException)
        {
            // A reset instead of an orderly close also means closed.
            return received;
        }
    }

    /// <summary>Ends the sending direction, as a client that stops mid-packet and closes would.</summary>
    public void ShutdownSend() => _tcp.Client.Shutdown(SocketShutdown.Send);

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }
}
