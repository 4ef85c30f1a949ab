// The shared test fixtures (Eventually, TempDirectory, FreePort, ...) for every file of this project.
global using GroundStation.Testing;
using System.Globalization;
using GroundStation.Edge.Configuration;
using GroundStation.Messaging.Contracts;
using GroundStation.Orbits.Elements;
using GroundStation.Orbits.Geometry;
using GroundStation.Orbits.Passes;
using GroundStation.Orbits.Propagation;

namespace GroundStation.Edge.Tests;

/// <summary>The ISS element set, the station and the passes the edge tests fly (the sample catalog's, January 2014).</summary>
internal static class Iss
{
    public const string Line1 = "1 25544U 98067A   14020.93268519  .00009878  00000-0  18200-3 0  5082";
    public const string Line2 = "2 25544  51.6498 109.4756 0003572  55.9686 274.8005 15.49815350868473";
    public const int Norad = 25544;
    public const double Latitude = 40.8939;
    public const double Longitude = -83.8917;
    public const double MinimumElevation = 10;

    public static readonly StationId Station = StationId.Parse("gs-test");

    public static GroundStationSite Site => new(new GeodeticPosition(new Latitude(Latitude), new Longitude(Longitude), 0), new Elevation(MinimumElevation));

    /// <summary>The passes PassPredictor finds over the station on 2014-01-23 (06:23 is the first).</summary>
    public static IReadOnlyList<SatellitePass> Passes()
    {
        var tle = TleParser.Parse(Line1, Line2);
        var ephemeris = new Sgp4Ephemeris(Sgp4Propagator.Create(tle.Elements));
        return PassPredictor.Predict(ephemeris, Site,
            new TimeWindow(new DateTimeOffset(2014, 1, 23, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2014, 1, 24, 0, 0, 0, TimeSpan.Zero))).Passes;
    }

    /// <summary>The first pass at or after <paramref name="after"/>.</summary>
    public static SatellitePass PassAfter(DateTimeOffset after) => Passes().First(p => p.Aos >= after);

    /// <summary>A planned pass of the ISS for the plan message.</summary>
    public static PlannedPass Planned(SatellitePass pass, long downlinkHz = 437_800_000, long? uplinkHz = 145_990_000) => new(
        $"{Station.Value}.{Norad}.{pass.Aos.UtcDateTime.ToString("yyyyMMdd'T'HHmm'Z'", CultureInfo.InvariantCulture)}",
        Norad, "ISS (ZARYA)", Line1, Line2, pass.Aos, pass.Los, pass.MaxElevation.Degrees, downlinkHz, uplinkHz, "FM");

    /// <summary>A signed plan message (the MQTT payload).</summary>
    public static byte[] SignedPlan(CoreSigningKey key, long version, params PlannedPass[] passes) =>
        GroundStationMessages.Encode(key.Sign(new PassPlan(PassPlan.CurrentVersion, Station, version, DateTimeOffset.UnixEpoch, passes)));
}

/// <summary>A temporary directory with a configuration file and the core's public key, deleted on dispose.</summary>
internal sealed class ConfigDirectory : IDisposable
{
    public ConfigDirectory(CoreSigningKey coreKey)
    {
        Path = Directory.CreateTempSubdirectory("gs-edge-test-").FullName;
        CoreKeyPath = System.IO.Path.Combine(Path, "core-public.pem");
        File.WriteAllText(CoreKeyPath, coreKey.ExportPublicPem());
        DataDirectory = System.IO.Path.Combine(Path, "data");
    }

    public string Path { get; }

    public string CoreKeyPath { get; }

    public string DataDirectory { get; }

    public string ConfigPath => System.IO.Path.Combine(Path, "edge.json");

    /// <summary>Writes a configuration; <paramref name="json"/> replaces the whole file when given.</summary>
    public string Write(string json)
    {
        File.WriteAllText(ConfigPath, json);
        return ConfigPath;
    }

    /// <summary>A valid configuration for the ISS station with the given endpoints.</summary>
    public string WriteValid(int brokerPort = 1883, int rotatorPort = 4533, int tncPort = 8001, int? radioPort = null, string extra = "", int prePassMarginSeconds = 10) =>
        Write(string.Create(CultureInfo.InvariantCulture, $$"""
            {
              "station": { "id": "{{Iss.Station.Value}}", "callsign": "N0CALL", "latitude": {{Iss.Latitude}}, "longitude": {{Iss.Longitude}},
                           "altitudeM": 0, "minimumElevationDeg": {{Iss.MinimumElevation}} },
              "rotator": { "host": "127.0.0.1", "port": {{rotatorPort}}, "azimuthMinDeg": 0, "azimuthMaxDeg": 450,
                           "elevationMinDeg": 0, "elevationMaxDeg": 180, "azimuthRateDegPerSec": 6, "elevationRateDegPerSec": 3,
                           "parkAzimuthDeg": 0, "parkElevationDeg": 0 },
              {{(radioPort is { } rp ? $"\"radio\": {{ \"host\": \"127.0.0.1\", \"port\": {rp} }}," : string.Empty)}}
              "tnc": { "host": "127.0.0.1", "port": {{tncPort}} },
              "broker": { "host": "127.0.0.1", "port": {{brokerPort}} },
              "coreKeyFile": "core-public.pem",
              "dataDirectory": "data",
              "tracking": { "periodSeconds": 1, "pointingThresholdDeg": 1, "dopplerPeriodSeconds": 1, "prePassMarginSeconds": {{prePassMarginSeconds}} },
              "health": { "heartbeatSeconds": 30 },
              "spool": { "policy": "RejectNewest", "forwardRatePerSecond": 500 }{{extra}}
            }
            """));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file for a moment; the OS cleans temp directories.
        }
    }
}
