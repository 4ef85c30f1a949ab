using System.Buffers;
using GroundStation.Messaging.Protocol;

namespace GroundStation.Messaging.Tests.Protocol;

public sealed class CodecFuzzTests
{
    [Fact]
    public void Mutated_and_random_bytes_yield_a_packet_need_more_data_or_a_protocol_error_only()
    {
        var random = new Random(20261122);
        var seeds = CodecRoundTripTests.Packets().Select(row => CodecTestHelpers.Encode((MqttPacket)row[1])).ToArray();
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < 20_000; i++)
        {
            byte[] bytes;
            if (i % 4 == 0)
            {
                bytes = new byte[random.Next(1, 64)];
                random.NextBytes(bytes);
            }
            else
            {
                bytes = (byte[])seeds[random.Next(seeds.Length)].Clone();
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }
            }

            var buffer = new ReadOnlySequence<byte>(bytes);
            var decoder = new MqttDecoder(maximumPacketSize: 1 << 16);
            string outcome;
            try
            {
                outcome = decoder.TryDecode(ref buffer, out var packet) ? packet.Type.ToString() : "need-more";
            }
            catch (MqttProtocolException error)
            {
                outcome = error.Violation.ToString();
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        // Any other exception type fails the test by escaping; the mix proves the generator reaches many paths.
        Assert.True(outcomes.Count > 15, string.Join(", ", outcomes.Select(o => $"{o.Key}={o.Value}")));
    }
}
