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

    public static byte[] Encode(IReadOnlyList<PassDecision> decisions)
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
            foreach (var decision in decisions)
            {
                var c = decision.Contact;
                writer.Write(c.Norad.Value);
                writer.Write(Index(c.SatelliteName));
                writer.Write(Index(decision.Reason ?? string.Empty));
                writer.Write(c.Aos.UtcTicks);
                writer.Write(c.Tca.UtcTicks);
                writer.Write(c.Los.UtcTicks);
                writer.Write(c.SetupStart.UtcTicks);
                writer.Write(c.TeardownEnd.UtcTicks);
                writer.Write(c.MaxElevationDeg);
                writer.Write(c.AosAzimuthDeg);
                writer.Write(c.LosAzimuthDeg);
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

    public static IEnumerable<PassDecision> Decode(StationId station, byte[] data)
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

        var count = reader.ReadInt32();
        var result = new List<PassDecision>(count);
        for (var i = 0; i < count; i++)
        {
            var norad = new NoradId(reader.ReadInt32());
            var name = strings[reader.ReadInt32()];
            var reason = strings[reader.ReadInt32()];
            var aos = Ticks(reader.ReadInt64());
            var contact = new ScheduledContact(PassIds.For(station, norad, aos), station, norad, name, aos, Ticks(reader.ReadInt64()),
                Ticks(reader.ReadInt64()), 0, 0, 0, Ticks(reader.ReadInt64()), Ticks(reader.ReadInt64()));
            contact = contact with { MaxElevationDeg = reader.ReadDouble(), AosAzimuthDeg = reader.ReadDouble(), LosAzimuthDeg = reader.ReadDouble() };
            result.Add(new PassDecision(contact, PassDecisionStatus.Rejected, reason));
        }

        return result;
    }

    private static DateTimeOffset Ticks(long ticks) => new(ticks, TimeSpan.Zero);
}
