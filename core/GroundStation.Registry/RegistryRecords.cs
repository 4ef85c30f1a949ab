using System.Globalization;
using GroundStation.Messaging.Contracts;
using GroundStation.Orbits;
using GroundStation.Orbits.Elements;
using GroundStation.Orbits.Geometry;
using GroundStation.Orbits.Passes;

namespace GroundStation.Registry;

/// <summary>
/// One ingested element set, kept as TLE lines whatever it arrived as (an OMM is written out as TLE lines), because
/// the pass plan carries TLE lines to the stations.
/// </summary>
/// <param name="Id">The registry's id of this element set.</param>
/// <param name="Norad">The satellite.</param>
/// <param name="Epoch">The element set's epoch (UTC).</param>
/// <param name="Line1">TLE line 1.</param>
/// <param name="Line2">TLE line 2.</param>
/// <param name="Format">What it was ingested from: "tle", "3le" or "omm".</param>
/// <param name="IngestedAt">When the registry received it.</param>
public sealed record ElementSet(long Id, NoradId Norad, DateTimeOffset Epoch, string Line1, string Line2, string Format, DateTimeOffset IngestedAt)
{
    /// <summary>The parsed mean elements.</summary>
    public OrbitalElements Parse() => TleParser.Parse(Line1, Line2).Elements;
}

/// <summary>A satellite the network serves.</summary>
/// <param name="Norad">Catalog number.</param>
/// <param name="Name">Display name.</param>
/// <param name="Tenant">The owning tenant (IAM tenant id).</param>
/// <param name="Priority">Scheduling priority: higher wins a conflicting station.</param>
/// <param name="DownlinkHz">Downlink centre frequency.</param>
/// <param name="UplinkHz">Uplink frequency, when the satellite is commanded.</param>
/// <param name="Mode">Radio mode, e.g. "FM".</param>
/// <param name="Callsign">AX.25 callsign of the satellite (<c>S&lt;norad&gt;</c> by default).</param>
/// <param name="MinimumContactSeconds">Shorter passes are not worth scheduling for this satellite.</param>
/// <param name="Latest">The element set with the newest epoch, or null before the first ingest.</param>
public sealed record SatelliteRecord(
    NoradId Norad,
    string Name,
    string Tenant,
    int Priority,
    long DownlinkHz,
    long? UplinkHz,
    string Mode,
    string Callsign,
    int MinimumContactSeconds,
    ElementSet? Latest)
{
    /// <summary>The housekeeping decoder its frames are decoded with; null for the core's default.</summary>
    public string? TelemetryDecoder { get; init; }

    /// <summary>The command dictionary its telecommands are encoded with; null for the core's default.</summary>
    public string? CommandDictionary { get; init; }
}

/// <summary>What a caller may set on a satellite (<see cref="IRegistry.UpsertSatellite"/>).</summary>
/// <param name="Norad">Catalog number.</param>
/// <param name="Name">Display name, 1-64 characters.</param>
/// <param name="Tenant">Owning tenant.</param>
/// <param name="Priority">0-1000; higher wins.</param>
/// <param name="DownlinkHz">Positive.</param>
/// <param name="UplinkHz">Positive, or null.</param>
/// <param name="Mode">1-16 characters.</param>
/// <param name="Callsign">AX.25 callsign (1-6 letters or digits, optional -SSID 0-15); null or empty for <c>S&lt;norad&gt;</c>.</param>
/// <param name="MinimumContactSeconds">0-86400.</param>
public sealed record SatelliteSpec(
    NoradId Norad,
    string Name,
    string Tenant,
    int Priority,
    long DownlinkHz,
    long? UplinkHz,
    string Mode,
    string? Callsign,
    int MinimumContactSeconds)
{
    /// <summary>
    /// The housekeeping decoder its frames are decoded with (a name the core's decoder registry holds); null or empty
    /// for the core's default.
    /// </summary>
    public string? TelemetryDecoder { get; init; }

    /// <summary>The command dictionary its telecommands are encoded with; null or empty for the core's default.</summary>
    public string? CommandDictionary { get; init; }
}

/// <summary>A frequency range a station can receive, inclusive.</summary>
/// <param name="MinHz">Lowest frequency.</param>
/// <param name="MaxHz">Highest frequency.</param>
public sealed record FrequencyBand(long MinHz, long MaxHz)
{
    /// <summary>True when <paramref name="hz"/> lies in the band.</summary>
    public bool Contains(long hz) => hz >= MinHz && hz <= MaxHz;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{MinHz}-{MaxHz} Hz");
}

/// <summary>
/// What the station's rotator can do: its azimuth range (may exceed 360 degrees, e.g. -180..450 for an overwind
/// rotator), elevation range and slew rate.
/// </summary>
/// <param name="MinAzimuthDeg">Lowest azimuth the rotator reaches.</param>
/// <param name="MaxAzimuthDeg">Highest azimuth the rotator reaches.</param>
/// <param name="MinElevationDeg">Lowest elevation.</param>
/// <param name="MaxElevationDeg">Highest elevation (180 for a flip rotator).</param>
/// <param name="SlewRateDegPerSecond">Slew rate of the slower axis.</param>
public sealed record RotatorLimits(
    double MinAzimuthDeg,
    double MaxAzimuthDeg,
    double MinElevationDeg,
    double MaxElevationDeg,
    double SlewRateDegPerSecond)
{
    /// <summary>A 0-360 degree, 0-90 degree rotator at 6 deg/s (Hamlib's dummy rotator speed).</summary>
    public static RotatorLimits Default { get; } = new(0, 360, 0, 90, 6);

    /// <summary>
    /// Degrees of azimuth the rotator travels from <paramref name="from"/> to <paramref name="to"/>: the shortest way
    /// its range allows (an overwind rotator may go through north, a 0-360 one may not).
    /// </summary>
    public double AzimuthTravelDeg(Azimuth from, Azimuth to)
    {
        var best = double.MaxValue;
        // Every representation of each azimuth within the range; ranges are at most a few turns, so this is tiny.
        for (var a = Lowest(from.Degrees); a <= MaxAzimuthDeg; a += 360)
        {
            for (var b = Lowest(to.Degrees); b <= MaxAzimuthDeg; b += 360)
            {
                best = Math.Min(best, Math.Abs(a - b));
            }
        }

        // An azimuth outside the range (a misconfigured rotator) still needs some travel: take the plain difference.
        return best == double.MaxValue ? Math.Abs(from.Degrees - to.Degrees) : best;
    }

    /// <summary>Time the rotator needs from one azimuth to another.</summary>
    public TimeSpan SlewTime(Azimuth from, Azimuth to) => TimeSpan.FromSeconds(AzimuthTravelDeg(from, to) / SlewRateDegPerSecond);

    private double Lowest(double azimuthDeg)
    {
        var value = azimuthDeg;
        while (value - 360 >= MinAzimuthDeg)
        {
            value -= 360;
        }

        while (value < MinAzimuthDeg)
        {
            value += 360;
        }

        return value;
    }
}

/// <summary>A ground station of the network.</summary>
/// <param name="Id">Station id (also its MQTT topic level).</param>
/// <param name="Name">Display name.</param>
/// <param name="Location">Geodetic position of the antenna.</param>
/// <param name="MinimumElevationDeg">Lowest elevation worth tracking anywhere.</param>
/// <param name="Mask">Optional horizon mask on top of the minimum elevation.</param>
/// <param name="Bands">Frequency bands the station receives.</param>
/// <param name="Rotator">The rotator's limits and slew rate.</param>
/// <param name="Callsign">The station's AX.25 callsign.</param>
/// <param name="Owner">Who operates the station.</param>
/// <param name="Shared">True when the network may schedule other tenants' satellites on it.</param>
public sealed record StationRecord(
    StationId Id,
    string Name,
    GeodeticPosition Location,
    double MinimumElevationDeg,
    HorizonMask? Mask,
    IReadOnlyList<FrequencyBand> Bands,
    RotatorLimits Rotator,
    string Callsign,
    string Owner,
    bool Shared)
{
    /// <summary>The station as the pass search sees it.</summary>
    public GroundStationSite ToSite() => new(Location, new Elevation(MinimumElevationDeg), Mask);

    /// <summary>The band that covers <paramref name="hz"/>, or null.</summary>
    public FrequencyBand? BandFor(long hz) => Bands.FirstOrDefault(b => b.Contains(hz));
}

/// <summary>A period during which a station must not be scheduled (maintenance, the owner's own use...).</summary>
/// <param name="Id">Registry id.</param>
/// <param name="Station">The station.</param>
/// <param name="From">Start (UTC).</param>
/// <param name="To">End (UTC), after <paramref name="From"/>.</param>
/// <param name="Reason">Why, shown in every rejected candidate it causes.</param>
public sealed record UnavailabilityWindow(long Id, StationId Station, DateTimeOffset From, DateTimeOffset To, string Reason)
{
    /// <summary>True when [<paramref name="start"/>, <paramref name="end"/>) overlaps the window.</summary>
    public bool Overlaps(DateTimeOffset start, DateTimeOffset end) => start < To && end > From;
}

/// <summary>What changed in the registry.</summary>
public enum RegistryChangeKind
{
    /// <summary>A satellite was created or its settings changed (priority, frequencies...).</summary>
    Satellite,

    /// <summary>A satellite got a new element set.</summary>
    Elements,

    /// <summary>A station was created or changed.</summary>
    Station,

    /// <summary>A station got an unavailability window.</summary>
    Unavailability,
}

/// <summary>Raised by <see cref="IRegistry.Changed"/> after a change is stored.</summary>
/// <param name="Kind">What changed.</param>
/// <param name="Norad">The satellite concerned, if any.</param>
/// <param name="Station">The station concerned, if any.</param>
/// <param name="Description">A one-line description for logs and re-plan reasons.</param>
public sealed record RegistryChanged(RegistryChangeKind Kind, NoradId? Norad, StationId? Station, string Description);

/// <summary>A value given to the registry is invalid; <see cref="Field"/> names it (camelCase, as in the API).</summary>
public sealed class RegistryValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RegistryValidationException(string field, string message)
        : base($"{field}: {message}")
    {
        Field = field;
        Problem = message;
    }

    /// <summary>Creates the exception.</summary>
    public RegistryValidationException()
        : this("value", "invalid")
    {
    }

    /// <summary>Creates the exception.</summary>
    public RegistryValidationException(string message)
        : this("value", message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RegistryValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "value";
        Problem = message;
    }

    /// <summary>The offending field.</summary>
    public string Field { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }
}
