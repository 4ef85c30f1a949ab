using System.IO.Compression;
using GroundStation.Messaging.Contracts;
using GroundStation.Orbits;
using GroundStation.Scheduling.Planning;

namespace GroundStation.Scheduling;

/// <summary>
/// The compact stored form of one station's rejected candidates: a string table (names, reasons) and one entry per
/// candidate. Pass ids are not stored: they follow from station, satellite and AOS. Format 2 (written): the magic
/// "GSR2", the deflated string table (reasons are text), then 7-bit encoded integers - AOS as a signed step from the previous entry's, TCA, LOS, setup and teardown as
/// exact tick offsets - and the three angles as doubles; the entries are not deflated (deflate saved 8% of format 1's
/// entries at most of its cost), so every value reads back exactly. Format 1 (deflated, fixed-size entries, doubles) is still read.
/// </summary>
internal static class RejectionLog
{
    private const byte FormatVersion1 = 1;
    private static ReadOnlySpan<byte> Magic2 => "GSR2"u8;

    public static byte[] Encode(IReadOnlyList<RejectedPass> decisions)
    {
        var strings = new Dictionary<string, int>(StringComparer.Ordinal);
        int Index(string text)
        {
            if (!strings.TryGetValue(text, out var index))
            {
                index = strings.Count;
                strings[text] = index;
            }

            return index;
        }

        using var entries = new MemoryStream(decisions.Count * 48);
        using (var writer = new BinaryWriter(entries, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            var previousAos = 0L;
            foreach (var d in decisions)
            {
                writer.Write7BitEncodedInt(d.Norad);
                writer.Write7BitEncodedInt(Index(d.SatelliteName));
                writer.Write7BitEncodedInt(Index(d.Reason));
                writer.Write7BitEncodedInt64(ZigZag(d.AosTicks - previousAos));
                writer.Write7BitEncodedInt64(ZigZag(d.TcaTicks - d.AosTicks));
                writer.Write7BitEncodedInt64(ZigZag(d.LosTicks - d.AosTicks));
                writer.Write7BitEncodedInt64(ZigZag(d.AosTicks - d.SetupTicks));
                writer.Write7BitEncodedInt64(ZigZag(d.TeardownTicks - d.LosTicks));
                writer.Write(d.MaxElevationDeg);
                writer.Write(d.AosAzimuthDeg);
                writer.Write(d.LosAzimuthDeg);
                previousAos = d.AosTicks;
            }
        }

        // The string table is deflated: reasons are text, and the rotator's ones differ per candidate.
        using var table = new MemoryStream();
        using (var deflate = new DeflateStream(table, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new BinaryWriter(deflate, System.Text.Encoding.UTF8))
        {
            writer.Write(strings.Count);
            foreach (var text in strings.OrderBy(p => p.Value).Select(p => p.Key))
            {
                writer.Write(text);
            }
        }

        using var output = new MemoryStream((int)(entries.Length + table.Length) + 16);
        using (var writer = new BinaryWriter(output, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic2);
            writer.Write((int)table.Length);
            writer.Write(table.GetBuffer(), 0, (int)table.Length);
            writer.Write(decisions.Count);
            writer.Flush();
            entries.Position = 0;
            entries.CopyTo(output);
        }

        return output.ToArray();
    }

    public static RejectedPass[] Decode(StationId station, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.AsSpan().StartsWith(Magic2) ? DecodeFormat2(data) : DecodeFormat1(station, data);
    }

    private static RejectedPass[] DecodeFormat2(byte[] data)
    {
        using var reader = new BinaryReader(new MemoryStream(data, Magic2.Length, data.Length - Magic2.Length), System.Text.Encoding.UTF8);
        var tableLength = reader.ReadInt32();
        string[] strings;
        using (var table = new BinaryReader(new DeflateStream(new MemoryStream(data, Magic2.Length + 4, tableLength), CompressionMode.Decompress),
            System.Text.Encoding.UTF8))
        {
            strings = ReadStrings(table);
        }

        reader.BaseStream.Position = 4 + tableLength;
        var result = new RejectedPass[reader.ReadInt32()];
        var previousAos = 0L;
        for (var i = 0; i < result.Length; i++)
        {
            var norad = reader.Read7BitEncodedInt();
            var name = strings[reader.Read7BitEncodedInt()];
            var reason = strings[reader.Read7BitEncodedInt()];
            var aos = previousAos + UnZigZag(reader.Read7BitEncodedInt64());
            var tca = aos + UnZigZag(reader.Read7BitEncodedInt64());
            var los = aos + UnZigZag(reader.Read7BitEncodedInt64());
            var setup = aos - UnZigZag(reader.Read7BitEncodedInt64());
            var teardown = los + UnZigZag(reader.Read7BitEncodedInt64());
            result[i] = new RejectedPass(norad, name, reason, aos, tca, los, setup, teardown, reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble());
            previousAos = aos;
        }

        return result;
    }

    private static RejectedPass[] DecodeFormat1(StationId station, byte[] data)
    {
        using var deflate = new DeflateStream(new MemoryStream(data), CompressionMode.Decompress);
        using var reader = new BinaryReader(deflate, System.Text.Encoding.UTF8);
        var version = reader.ReadByte();
        if (version != FormatVersion1)
        {
            throw new InvalidDataException($"Rejection log of station {station} has format {version}; this build reads 1 and 2.");
        }

        var strings = ReadStrings(reader);
        var result = new RejectedPass[reader.ReadInt32()];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new RejectedPass(reader.ReadInt32(), strings[reader.ReadInt32()], strings[reader.ReadInt32()], reader.ReadInt64(),
                reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadDouble(), reader.ReadDouble(),
                reader.ReadDouble());
        }

        return result;
    }

    private static string[] ReadStrings(BinaryReader reader)
    {
        var strings = new string[reader.ReadInt32()];
        for (var i = 0; i < strings.Length; i++)
        {
            strings[i] = reader.ReadString();
        }

        return strings;
    }

    private static long ZigZag(long value) => (value << 1) ^ (value >> 63);

    private static long UnZigZag(long value) => (long)((ulong)value >> 1) ^ -(value & 1);
}
