using GroundStation.Edge.Spool;
using GroundStation.Messaging.Contracts;
using GroundStation.Orbits;
using GroundStation.Orbits.Elements;

namespace GroundStation.Host.Demo;

/// <summary>One demo station: where it is and what it is called.</summary>
internal sealed record DemoStation(StationId Id, string Name, string Callsign, double LatitudeDeg, double LongitudeDeg, double AltitudeM);

/// <summary>
/// The demo's network: three high-latitude stations on three continents, and a handful of synthetic polar LEO satellites
/// with elements at the simulation's start, so each station sees a pass of some satellite every few simulated minutes.
/// </summary>
internal static class DemoCatalog
{
    public const string Tenant = "operator";

    public const long DownlinkHz = 437_500_000;

    /// <summary>
    /// The downlink of the demo's satellite number <paramref name="index"/> (0-based): 100 kHz apart from 437.5 MHz, so a
    /// station's radio tuned to one satellite does not hear another in view at the same time (the Doppler shift of a LEO
    /// pass at 437 MHz stays under 11 kHz).
    /// </summary>
    public static long Downlink(int index) => DownlinkHz + (100_000L * index);

    public const long UplinkHz = 145_900_000;

    public static IReadOnlyList<DemoStation> Stations { get; } =
    [
        new(StationId.Parse("gs-svalbard"), "Svalbard (Europe)", "GSSVB", 78.23, 15.39, 450),
        new(StationId.Parse("gs-fairbanks"), "Fairbanks (North America)", "GSFBK", 64.86, -147.85, 150),
        new(StationId.Parse("gs-troll"), "Troll (Antarctica)", "GSTRL", -72.01, 2.53, 1270),
    ];

    /// <summary><paramref name="count"/> polar satellites spread in right ascension and phase, epoch <paramref name="epoch"/>.</summary>
    public static IReadOnlyList<OrbitalElements> Satellites(DateTimeOffset epoch, int count = 6)
    {
        var satellites = new List<OrbitalElements>();
        for (var i = 0; i < count; i++)
        {
            // 500-650 km sun-synchronous-like orbits: about 15 revolutions a day, each crossing both polar regions.
            var meanMotion = 15.25 - (0.15 * (i % 4));
            satellites.Add(new OrbitalElements(
                new NoradId(90001 + i), $"GS-DEMO-{i + 1}", 'U', "26001A", JulianDate.FromDateTime(epoch),
                0.00001, 0, 0.0001, 999, 97.6, (i * 360.0 / count) % 360, 0.0012, 90, (i * 137.0) % 360, meanMotion, 1));
        }

        return satellites;
    }

    public static SpoolFullPolicy SpoolPolicy => SpoolFullPolicy.RejectNewest;
}
