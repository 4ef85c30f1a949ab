using System.IO.Compression;
using GroundStation.Messaging.Contracts;
using GroundStation.Orbits;
using GroundStation.Scheduling.Planning;

namespace GroundStation.Scheduling;

/// <summary>
/// The compact stored form of one station's rejected candidates: a string table (names, reasons) and fixed-size
/// entries, deflated. Pass ids are not stored: they follow from station, satellite and AOS.
/// </summary>
internal static class RejectionLog
{
    private const byte FormatVersion = 1;

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

        using var entries = new MemoryStream();
        using (var writer = new BinaryWriter(entries, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            foreach (var d in decisions)
            {
                writer.Write(d.Norad);
                writer.Write(Index(d.SatelliteName));
                writer.Write(Index(d.Reason));
                writer.Write(d.AosTicks);
                writer.Write(d.TcaTicks);
                writer.Write(d.LosTicks);
                writer.Write(d.SetupTicks);
                writer.Write(d.TeardownTicks);
                writer.Write(d.MaxElevationDeg);
                writer.Write(d.AosAzimuthDeg);
                writer.Write(d.LosAzimuthDeg);
            }
        }

        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new BinaryWriter(deflate, System.Text.Encoding.UTF8))
        {
            writer.Write(FormatVersion);
            writer.Write(strings.Count);
            foreach (var text in strings.OrderBy(p => p.Value).Select(p => p.Key))
            {
                writer.Write(text);
            }

            writer.Write(decisions.Count);
            writer.Flush();
            entries.Position = 0;
            entries.CopyTo(deflate);
        }

        return output.ToArray();
    }

    public static RejectedPass[] Decode(StationId station, byte[] data)
    {
        using var deflate = new DeflateStream(new MemoryStream(data), CompressionMode.Decompress);
        using var reader = new BinaryReader(deflate, System.Text.Encoding.UTF8);
        var version = reader.ReadByte();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Rejection log of station {station} has format {version}; this build reads {FormatVersion}.");
        }

        var strings = new string[reader.ReadInt32()];
        for (var i = 0; i < strings.Length; i++)
        {
            strings[i] = reader.ReadString();
        }

        var result = new RejectedPass[reader.ReadInt32()];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new RejectedPass(reader.ReadInt32(), strings[reader.ReadInt32()], strings[reader.ReadInt32()], reader.ReadInt64(),
                reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadDouble(), reader.ReadDouble(),
                reader.ReadDouble());
        }

        return result;
    }

}
