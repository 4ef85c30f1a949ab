using System.IO.Compression;
using GroundStation.Messaging.Contracts;

namespace GroundStation.Scheduling.Tests;

/// <summary>The stored rejection log: every value reads back exactly, and logs written in format 1 still read.</summary>
public class RejectionLogTests
{
    private static readonly StationId Station = StationId.Parse("gs-1");

    private static readonly RejectedPass[] Passes =
    [
        new(25544, "ISS", "satellite already in contact at gs-2 (gs-2.25544.20240102T0100Z)", 638_397_000_000_000_000, 638_397_000_003_000_000,
            638_397_000_006_123_457, 638_396_999_998_800_000, 638_397_000_006_423_457, 61.234567891, 359.99999, 0.000001),
        // Earlier than the previous entry (AOS steps back), and an in-progress candidate whose setup is after nothing.
        new(7, "SAT 7", "conflict with another tenant's contact (higher priority) at gs-1", 638_396_000_000_000_001, 638_396_000_000_000_001,
            638_396_000_000_000_002, 638_396_000_000_000_001, 638_396_000_000_000_002, -0.5, 180, 90),
        new(7, "SAT 7", "below minimum contact duration (240 s < 300 s)", 638_398_000_000_000_000, 638_398_001_200_000_000,
            638_398_002_400_000_000, 638_397_998_800_000_000, 638_398_002_700_000_000, 12.5, 10, 20),
    ];

    [Fact]
    public void Every_value_reads_back_exactly()
    {
        Assert.Equal(Passes, RejectionLog.Decode(Station, RejectionLog.Encode(Passes)));
        Assert.Empty(RejectionLog.Decode(Station, RejectionLog.Encode([])));
    }

    [Fact]
    public void A_log_written_in_format_1_still_reads()
    {
        Assert.Equal(Passes, RejectionLog.Decode(Station, Format1(Passes)));
    }

    [Fact]
    public void An_unknown_format_is_refused_naming_the_station()
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.WriteByte(9);
        }

        var error = Assert.Throws<InvalidDataException>(() => RejectionLog.Decode(Station, output.ToArray()));
        Assert.Contains("gs-1", error.Message, StringComparison.Ordinal);
    }

    // Format 1 as the previous build wrote it: deflated, a string table, fixed-size entries.
    private static byte[] Format1(RejectedPass[] passes)
    {
        var strings = passes.SelectMany(p => new[] { p.SatelliteName, p.Reason }).Distinct().ToList();
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new BinaryWriter(deflate))
        {
            writer.Write((byte)1);
            writer.Write(strings.Count);
            strings.ForEach(writer.Write);
            writer.Write(passes.Length);
            foreach (var p in passes)
            {
                writer.Write(p.Norad);
                writer.Write(strings.IndexOf(p.SatelliteName));
                writer.Write(strings.IndexOf(p.Reason));
                writer.Write(p.AosTicks);
                writer.Write(p.TcaTicks);
                writer.Write(p.LosTicks);
                writer.Write(p.SetupTicks);
                writer.Write(p.TeardownTicks);
                writer.Write(p.MaxElevationDeg);
                writer.Write(p.AosAzimuthDeg);
                writer.Write(p.LosAzimuthDeg);
            }
        }

        return output.ToArray();
    }
}
