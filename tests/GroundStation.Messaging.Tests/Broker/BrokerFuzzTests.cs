using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using GroundStation.Messaging.Protocol;
using GroundStation.Testing;

namespace GroundStation.Messaging.Tests.Broker;

/// <summary>
/// Acceptance 4: thousands of generated malformed packets over raw sockets. Each bad connection is closed (with the
/// protocol's CONNACK code where it has one), a well-behaved client keeps getting its messages throughout, the broker
/// counts no fault of its own, and memory stays bounded.
/// </summary>
public sealed class BrokerFuzzTests
{
    private const int Cases = 3000;
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    private enum Kind
    {
        OversizedRemainingLength,
        MalformedRemainingLength,
        TruncatedPacket,
        InvalidUtf8Topic,
        WildcardInPublishTopic,
        PacketBeforeConnect,
        SecondConnect,
        EmptyClientIdPersistent,
        UnsupportedProtocolLevel,
        ReservedPacketType,
        BadFixedHeaderFlags,
        RandomBytesAfterConnect,
        RandomBytes,
    }

    private sealed record Case(Kind Kind, byte[] Bytes, bool SendsConnect, bool CloseOurSide, MqttConnectReturnCode? ExpectedConnAck);

    [Fact]
    public async Task Malformed_input_closes_only_the_offending_connection()
    {
        await using var host = await BrokerHost.StartAsync(o => o.MaxPacketSize = 64 * 1024);
        var (healthy, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "healthy", keepAlive: 0);
        await using var _h = healthy;
        await healthy.SubscribeAsync("health/ping", MqttQualityOfService.AtLeastOnce);
        var (publisher, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "healthy-publisher", keepAlive: 0);
        await using var _p = publisher;

        var random = new Random(20261122);
        var cases = Enumerable.Range(0, Cases).Select(i => Generate(random, i)).ToList();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        ushort ping = 0;
        foreach (var chunk in cases.Chunk(100))
        {
            await Parallel.ForEachAsync(chunk, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (c, _) => await RunAsync(host, c));

            // The well-behaved client is served between every hundred bad connections.
            ping++;
            await publisher.PublishAsync("health/ping", $"ping {ping}", MqttQualityOfService.AtLeastOnce, packetId: ping);
            var echoed = await healthy.ReceivePublishAsync();
            Assert.Equal($"ping {ping}", Encoding.UTF8.GetString(echoed.Payload.Span));
        }

        host.AssertNoInternalErrors();
        Assert.True(host.Broker.Metrics.ProtocolErrors >= Cases / 2, $"protocol errors counted: {host.Broker.Metrics.ProtocolErrors}");
        await Eventually.TrueAsync(() => host.Broker.Metrics.ConnectionsOpen == 2, "only the healthy clients stay connected");
        await Eventually.TrueAsync(() => host.Broker.SessionCount == 2, "the bad clients' sessions are gone");
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(after - before < 32L * 1024 * 1024, $"managed heap grew by {(after - before) / 1024} KB over {Cases} bad connections");
    }

    private static async Task RunAsync(BrokerHost host, Case c)
    {
        await using var client = await RawMqttClient.ConnectTcpAsync(host.EndPoint);
        if (c.SendsConnect)
        {
            await client.SendAsync(new ConnectPacket($"fuzz-{Guid.NewGuid():N}", true, 0));
            Assert.Equal(MqttConnectReturnCode.Accepted, (await client.ReceiveAsync<ConnAckPacket>()).ReturnCode);
        }

        try
        {
            await client.SendRawAsync(c.Bytes);
        }
        catch (IOException)
        {
            // The broker may close before all the garbage is written; that is the expected outcome.
        }

        if (c.CloseOurSide)
        {
            try
            {
                client.ShutdownSend();
            }
            catch (System.Net.Sockets.SocketException)
            {
                // Already reset by the broker.
            }
        }

        List<MqttPacket> received;
        try
        {
            received = await client.ExpectClosedAsync(CloseTimeout);
        }
        catch (MqttProtocolException)
        {
            // Random bytes can make the broker's answer (if any) look odd to our decoder only if the broker sent
            // something other than MQTT, which must never happen.
            throw new Xunit.Sdk.XunitException($"{c.Kind}: the broker answered with bytes that are not MQTT.");
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"{c.Kind}: the broker did not close the connection within {CloseTimeout}; bytes {Convert.ToHexString(c.Bytes.AsSpan(0, Math.Min(32, c.Bytes.Length)))}");
        }

        if (c.ExpectedConnAck is { } code)
        {
            var ack = Assert.IsType<ConnAckPacket>(Assert.Single(received));
            Assert.Equal(code, ack.ReturnCode);
        }
        else
        {
            // A bad client gets no answer beyond what it earned before the bad packet (never a PUBLISH it did not ask for).
            Assert.DoesNotContain(received, p => p is PublishPacket);
        }
    }

    private static Case Generate(Random random, int index)
    {
        var kind = (Kind)(index % Enum.GetValues<Kind>().Length);
        return kind switch
        {
            // PUBLISH claiming up to 256 MB, beyond the 64 KB limit: refused from the header alone.
            Kind.OversizedRemainingLength => new(kind, [0x30, 0xFF, 0xFF, 0xFF, (byte)random.Next(0x05, 0x80)], true, false, null),
            Kind.MalformedRemainingLength => new(kind, [0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], true, false, null),
            Kind.TruncatedPacket => Truncated(random),
            Kind.InvalidUtf8Topic => new(kind, Publish(InvalidUtf8(random), random), true, false, null),
            Kind.WildcardInPublishTopic => new(kind, Publish(Encoding.UTF8.GetBytes(random.Next(2) == 0 ? "a/+/b" : "a/#"), random), true, false, null),
            Kind.PacketBeforeConnect => new(kind, Encode(new SubscribePacket(1, [new MqttSubscription(TopicFilter.Parse("#"), 0)])), false, false, null),
            Kind.SecondConnect => new(kind, Encode(new ConnectPacket("again", true, 0)), true, false, null),
            Kind.EmptyClientIdPersistent => new(kind, Encode(new ConnectPacket("", false, (ushort)random.Next(0, 100))), false, false,
                MqttConnectReturnCode.IdentifierRejected),
            Kind.UnsupportedProtocolLevel => new(kind, ConnectWithLevel((byte)random.Next(5, 256)), false, false,
                MqttConnectReturnCode.UnacceptableProtocolVersion),
            Kind.ReservedPacketType => new(kind, [(byte)(random.Next(2) == 0 ? 0x00 : 0xF0), 0x00], true, false, null),
            Kind.BadFixedHeaderFlags => new(kind, [0x83, 0x05, 0x00, 0x01, 0x00, 0x01, (byte)'a'], true, false, null),
            Kind.RandomBytesAfterConnect => new(kind, RandomBytes(random), true, true, null),
            _ => new(kind, RandomBytes(random), false, true, null),
        };
    }

    private static Case Truncated(Random random)
    {
        var payload = new byte[random.Next(1, 2000)];
        random.NextBytes(payload);
        var whole = Encode(new PublishPacket(TopicName.Parse("t/" + random.Next()), payload, MqttQualityOfService.AtLeastOnce, false, false, 1));
        return new(Kind.TruncatedPacket, whole[..random.Next(1, whole.Length)], true, true, null);
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(1, 512)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] InvalidUtf8(Random random) => random.Next(4) switch
    {
        0 => [(byte)'a', 0xC0, 0xAF],          // overlong '/'
        1 => [0xED, 0xA0, 0x80],               // encoded surrogate
        2 => [(byte)'a', 0x00, (byte)'b'],     // U+0000
        _ => [0xFF, 0xFE, (byte)'x'],          // never valid in UTF-8
    };

    private static byte[] Publish(byte[] topic, Random random)
    {
        var payload = new byte[random.Next(0, 64)];
        random.NextBytes(payload);
        var body = new byte[2 + topic.Length + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(body, (ushort)topic.Length);
        topic.CopyTo(body, 2);
        payload.CopyTo(body, 2 + topic.Length);
        return [0x30, (byte)body.Length, .. body];
    }

    private static byte[] ConnectWithLevel(byte level)
    {
        var bytes = Encode(new ConnectPacket("levels", true, 0));
        bytes[8] = level; // 0x10, length, 0x00 0x04 'M' 'Q' 'T' 'T', level
        return bytes;
    }

    private static byte[] Encode(MqttPacket packet)
    {
        var writer = new ArrayBufferWriter<byte>();
        MqttEncoder.Write(writer, packet);
        return writer.WrittenSpan.ToArray();
    }
}
