using System.Text;
using GroundStation.Frames.Framing;

namespace GroundStation.Hardware.Tests.Codecs;

public sealed class Crc16Tests
{
    private static readonly byte[] CheckInput = Encoding.ASCII.GetBytes("123456789");

    [Fact]
    public void X25_gives_the_catalogued_check_value() => Assert.Equal(0x906E, Crc16.X25(CheckInput));

    [Fact]
    public void X25_matches_a_published_fcs_of_the_word_TEST() =>
        // SignalEasel's AX.25 test suite publishes 0x89D1 as the FCS of "TEST".
        Assert.Equal(0x89D1, Crc16.X25(Encoding.ASCII.GetBytes("TEST")));

    [Fact]
    public void Ccitt_gives_the_catalogued_check_value() => Assert.Equal(0x29B1, Crc16.Ccitt(CheckInput));

    [Fact]
    public void X25_over_data_and_its_fcs_leaves_the_good_fcs_residue()
    {
        // HDLC receivers check a frame by running the CRC over data and FCS: the register must read 0xF0B8,
        // which after the final inversion is 0x0F47. This holds for any data, so random data exercises it.
        var random = new Random(5);
        for (var n = 0; n < 200; n++)
        {
            var data = new byte[random.Next(0, 300) + 2];
            random.NextBytes(data.AsSpan(0, data.Length - 2));
            var fcs = Crc16.X25(data.AsSpan(0, data.Length - 2));
            data[^2] = (byte)fcs;
            data[^1] = (byte)(fcs >> 8);
            Assert.Equal(0x0F47, Crc16.X25(data));
        }
    }
}
