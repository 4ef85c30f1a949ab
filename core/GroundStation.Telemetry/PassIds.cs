using System.Globalization;
using GroundStation.Orbits;

namespace GroundStation.Telemetry;

/// <summary>Reads the satellite out of a pass id (<c>{station}.{norad}.{aos:yyyyMMddTHHmmZ}</c>, DESIGN.md).</summary>
public static class PassIds
{
    /// <summary>The NORAD id the pass id names; false when it does not follow the core's layout.</summary>
    public static bool TryGetNorad(string? passId, out NoradId norad)
    {
        norad = default;
        if (string.IsNullOrEmpty(passId))
        {
            return false;
        }

        // Station ids cannot hold '.', so the norad is always the second dot-separated part.
        var parts = passId.Split('.');
        if (parts.Length != 3 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ||
            value is < 1 or > NoradId.MaxValue)
        {
            return false;
        }

        norad = new NoradId(value);
        return true;
    }
}
