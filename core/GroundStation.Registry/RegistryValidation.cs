using System.Globalization;
using GroundStation.Orbits;

namespace GroundStation.Registry;

/// <summary>The registry's rules for the values it stores; each failure names the field as the API spells it.</summary>
internal static class RegistryValidation
{
    public const int MaxPriority = 1000;

    public static SatelliteSpec Check(SatelliteSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Text(spec.Name, "name", 64);
        Text(spec.Tenant, "tenant", 64);
        Text(spec.Mode, "mode", 16);
        Range(spec.Priority, 0, MaxPriority, "priority");
        Positive(spec.DownlinkHz, "downlinkHz");
        if (spec.UplinkHz is { } uplink)
        {
            Positive(uplink, "uplinkHz");
        }

        Range(spec.MinimumContactSeconds, 0, 86_400, "minimumContactSeconds");
        var callsign = string.IsNullOrWhiteSpace(spec.Callsign) ? DefaultCallsign(spec.Norad) : spec.Callsign.Trim().ToUpperInvariant();
        Callsign(callsign, "callsign");
        return spec with
        {
            Name = spec.Name.Trim(),
            Mode = spec.Mode.Trim(),
            Callsign = callsign,
            TelemetryDecoder = ProfileName(spec.TelemetryDecoder, "telemetryDecoder"),
            CommandDictionary = ProfileName(spec.CommandDictionary, "commandDictionary"),
        };
    }

    public static void Check(StationRecord station)
    {
        ArgumentNullException.ThrowIfNull(station);
        Text(station.Name, "name", 64);
        Text(station.Owner, "owner", 64);
        Callsign(station.Callsign, "callsign");
        if (station.Location.AltitudeMeters is < -500 or > 9_000 || !double.IsFinite(station.Location.AltitudeMeters))
        {
            throw new RegistryValidationException("altitudeM", "must be between -500 and 9000 m");
        }

        if (station.MinimumElevationDeg is < 0 or > 90 || double.IsNaN(station.MinimumElevationDeg))
        {
            throw new RegistryValidationException("minimumElevationDeg", "must be between 0 and 90 degrees");
        }

        if (station.Mask is { } mask && mask.Points.Any(p => p.MinimumElevation.Degrees is < 0 or > 90))
        {
            throw new RegistryValidationException("horizonMask", "every elevation must be between 0 and 90 degrees");
        }

        for (var i = 0; i < station.Bands.Count; i++)
        {
            var band = station.Bands[i];
            if (band.MinHz <= 0 || band.MaxHz < band.MinHz)
            {
                throw new RegistryValidationException($"bands[{i}]", "needs 0 < minHz <= maxHz");
            }
        }

        var rotator = station.Rotator;
        if (!(rotator.MaxAzimuthDeg - rotator.MinAzimuthDeg > 0) || rotator.MinAzimuthDeg < -360 || rotator.MaxAzimuthDeg > 720)
        {
            throw new RegistryValidationException("rotator.maxAzimuthDeg", "the azimuth range must be non-empty within -360..720 degrees");
        }

        if (!(rotator.MaxElevationDeg > rotator.MinElevationDeg) || rotator.MinElevationDeg < -10 || rotator.MaxElevationDeg > 180)
        {
            throw new RegistryValidationException("rotator.maxElevationDeg", "the elevation range must be non-empty within -10..180 degrees");
        }

        if (!(rotator.SlewRateDegPerSecond > 0) || rotator.SlewRateDegPerSecond > 360 || !double.IsFinite(rotator.SlewRateDegPerSecond))
        {
            throw new RegistryValidationException("rotator.slewRateDegPerSecond", "must be above 0 and at most 360 deg/s");
        }
    }

    public static void CheckUnavailability(DateTimeOffset from, DateTimeOffset to, string reason)
    {
        if (to <= from)
        {
            throw new RegistryValidationException("to", "must be after from");
        }

        Text(reason, "reason", 200);
    }

    public static string DefaultCallsign(NoradId norad) => "S" + norad.Value.ToString(CultureInfo.InvariantCulture);

    private static void Text(string? value, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new RegistryValidationException(field, "is required");
        }

        if (value.Length > maxLength)
        {
            throw new RegistryValidationException(field, $"is longer than {maxLength} characters");
        }
    }

    private static void Range(int value, int min, int max, string field)
    {
        if (value < min || value > max)
        {
            throw new RegistryValidationException(field, $"must be between {min} and {max}");
        }
    }

    private static void Positive(long value, string field)
    {
        if (value <= 0)
        {
            throw new RegistryValidationException(field, "must be a positive number of Hz");
        }
    }

    // A decoder or dictionary name: empty means the core's default; otherwise a plain identifier, so it can never
    // smuggle anything into a log line or a URL.
    private static string? ProfileName(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var name = value.Trim();
        if (name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new RegistryValidationException(field, $"'{name}' is not a name of 1-64 letters, digits, '-', '_' or '.'");
        }

        return name;
    }

    // AX.25: up to six letters or digits, optionally -SSID with SSID 0..15.
    private static void Callsign(string? value, string field)
    {
        Text(value, field, 9);
        var dash = value!.IndexOf('-', StringComparison.Ordinal);
        var call = dash < 0 ? value : value[..dash];
        var valid = call.Length is >= 1 and <= 6 && call.All(char.IsAsciiLetterOrDigit);
        if (dash >= 0)
        {
            valid &= int.TryParse(value[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var ssid) && ssid <= 15;
        }

        if (!valid)
        {
            throw new RegistryValidationException(field, $"'{value}' is not an AX.25 callsign (1-6 letters or digits, optional -SSID 0-15)");
        }
    }
}
