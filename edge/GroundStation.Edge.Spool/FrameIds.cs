using System.Globalization;
using GroundStation.Messaging.Contracts;

namespace GroundStation.Edge.Spool;

/// <summary>The stable frame id <c>{station}/{passId}/{sequence}</c> the core de-duplicates on (docs/EDGE-SPOOL.md).</summary>
public static class FrameIds
{
    /// <summary>Formats a frame id; <paramref name="sequence"/> counts from 1 within a pass.</summary>
    public static string Format(StationId station, PassId passId, long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        return string.Create(CultureInfo.InvariantCulture, $"{station.Value}/{passId.Value}/{sequence}");
    }

    /// <summary>Splits a frame id into its parts; false when it is not one.</summary>
    public static bool TryParse(string? frameId, out StationId station, out PassId passId, out long sequence)
    {
        station = default;
        passId = default;
        sequence = 0;
        var parts = frameId?.Split('/');
        return parts is { Length: 3 } &&
               StationId.TryParse(parts[0], out station) &&
               PassId.TryParse(parts[1], out passId) &&
               long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out sequence) &&
               sequence >= 1;
    }
}
