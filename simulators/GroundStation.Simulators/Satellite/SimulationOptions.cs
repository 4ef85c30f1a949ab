using System.CommandLine;
using System.Globalization;
using GroundStation.Frames.Ax25;
using GroundStation.Orbits.Elements;
using GroundStation.Orbits.Geometry;
using GroundStation.Orbits.Passes;
using GroundStation.Orbits.Propagation;
using GroundStation.Time;

namespace GroundStation.Simulators.Satellite;

/// <summary>A command-line value that cannot be used; the message names the option and the problem.</summary>
internal sealed class SimulatorInputException(string message) : Exception(message);

/// <summary>What the shared options of <c>gs-sim satellite</c> and <c>gs-sim tnc</c> resolve to.</summary>
internal sealed record SimulationSetup(IReadOnlyList<SpacecraftDefinition> Spacecraft, GroundStationSite Site, SpaceSegmentOptions Segment, ScaledTimeProvider Clock);

/// <summary>The options every space-segment simulator takes: the catalog, the station, time, and faults.</summary>
internal sealed class SimulationOptions
{
    private readonly Option<string> _tle = new("--tle") { Description = "TLE or 3LE file; every satellite in it is simulated." };
    private readonly Option<double?> _latitude = new("--lat") { Description = "Station latitude, degrees north." };
    private readonly Option<double?> _longitude = new("--lon") { Description = "Station longitude, degrees east." };
    private readonly Option<double> _altitude = new("--alt-m") { Description = "Station height above the WGS-84 ellipsoid, metres (default 0)." };
    private readonly Option<double> _minimumElevation = new("--min-elevation") { Description = "Elevation the spacecraft must exceed to be heard, degrees (default 0)." };
    private readonly Option<double> _beaconPeriod = new("--beacon-period") { Description = "Simulated seconds between beacons (default 10).", DefaultValueFactory = _ => 10 };
    private readonly Option<string> _start = new("--start") { Description = "Simulated start instant, ISO-8601 UTC (default: now)." };
    private readonly Option<double> _speed = new("--speed") { Description = "Simulated seconds per real second (default 1).", DefaultValueFactory = _ => 1 };
    private readonly Option<int> _seed = new("--seed") { Description = "Seed of link faults and sensor noise (default 1).", DefaultValueFactory = _ => 1 };
    private readonly Option<double> _bitErrorRate = new("--bit-error-rate") { Description = "Probability that each on-air bit flips (default 0)." };
    private readonly Option<double> _dropRate = new("--drop-rate") { Description = "Probability that a frame is lost (default 0)." };
    private readonly Option<string> _callsign = new("--callsign") { Description = "Spacecraft callsign CALL[-SSID] (single-satellite files; default S<norad>)." };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _tle, _latitude, _longitude, _altitude, _minimumElevation, _beaconPeriod, _start, _speed, _seed, _bitErrorRate, _dropRate, _callsign })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Resolves the options, throwing <see cref="SimulatorInputException"/> naming the first bad one.</summary>
    public SimulationSetup Resolve(ParseResult parse, TimeProvider realClock)
    {
        var path = parse.GetValue(_tle) ?? throw new SimulatorInputException("missing required option --tle.");
        var site = new GroundStationSite(
            new GeodeticPosition(
                Domain("--lat", parse.GetValue(_latitude) ?? throw new SimulatorInputException("missing required option --lat."), v => new Latitude(v)),
                Domain("--lon", parse.GetValue(_longitude) ?? throw new SimulatorInputException("missing required option --lon."), v => new Longitude(v)),
                Domain("--alt-m", parse.GetValue(_altitude), v => double.IsFinite(v) && v is > -11_000 and < 100_000
                    ? v
                    : throw new ArgumentOutOfRangeException(nameof(v), "A station height is between -11,000 and 100,000 metres."))),
            Domain("--min-elevation", parse.GetValue(_minimumElevation), v => new Elevation(v)));

        var beaconPeriod = parse.GetValue(_beaconPeriod);
        if (!double.IsFinite(beaconPeriod) || beaconPeriod < 0.1 || beaconPeriod > 86_400)
        {
            throw new SimulatorInputException($"--beacon-period: {beaconPeriod} s is not between 0.1 and 86400.");
        }

        var speed = parse.GetValue(_speed);
        if (!double.IsFinite(speed) || speed <= 0 || speed > 100_000)
        {
            throw new SimulatorInputException($"--speed: {speed} is not above 0 and at most 100000.");
        }

        var start = realClock.GetUtcNow();
        if (parse.GetValue(_start) is { } startText &&
            !DateTimeOffset.TryParse(startText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out start))
        {
            throw new SimulatorInputException($"--start: '{startText}' is not an ISO-8601 instant such as 2014-01-23T06:00:00Z.");
        }

        // Housekeeping carries time as unsigned seconds since 1970 in 32 bits.
        if (start < DateTimeOffset.UnixEpoch || start.Year > 2100)
        {
            throw new SimulatorInputException($"--start: {start:O} is outside 1970-2100, the range housekeeping time can carry.");
        }

        var faults = new LinkFaults(parse.GetValue(_bitErrorRate), parse.GetValue(_dropRate), parse.GetValue(_seed));
        try
        {
            faults.Validate();
        }
        catch (ArgumentException problem)
        {
            throw new SimulatorInputException($"--bit-error-rate/--drop-rate: {problem.Message}");
        }

        var spacecraft = LoadCatalog(path, parse.GetValue(_callsign));
        return new SimulationSetup(spacecraft, site,
            new SpaceSegmentOptions { BeaconPeriod = TimeSpan.FromSeconds(beaconPeriod), Faults = faults, Seed = parse.GetValue(_seed) },
            new ScaledTimeProvider(start, speed, realClock));
    }

    private static List<SpacecraftDefinition> LoadCatalog(string path, string? callsignText)
    {
        CatalogReadResult<Tle> catalog;
        try
        {
            catalog = TleCatalogReader.ReadFile(path);
        }
        catch (IOException problem)
        {
            throw new SimulatorInputException($"--tle: cannot read '{path}': {problem.Message}");
        }
        catch (UnauthorizedAccessException problem)
        {
            throw new SimulatorInputException($"--tle: cannot read '{path}': {problem.Message}");
        }

        if (catalog.Errors.Count > 0)
        {
            throw new SimulatorInputException($"--tle: '{path}' {catalog.Errors[0]}" + (catalog.Errors.Count > 1 ? $" (and {catalog.Errors.Count - 1} more errors)" : ""));
        }

        if (catalog.Entries.Count == 0)
        {
            throw new SimulatorInputException($"--tle: '{path}' holds no element set.");
        }

        Ax25Address? callsign = null;
        if (callsignText is not null)
        {
            if (catalog.Entries.Count != 1)
            {
                throw new SimulatorInputException($"--callsign: '{path}' holds {catalog.Entries.Count} satellites; --callsign names one.");
            }

            try
            {
                callsign = Ax25Address.Parse(callsignText);
            }
            catch (FormatException problem)
            {
                throw new SimulatorInputException($"--callsign: {problem.Message}");
            }
        }

        var spacecraft = new List<SpacecraftDefinition>();
        foreach (var entry in catalog.Entries)
        {
            var propagator = Sgp4Propagator.Create(entry.Elements);
            if (propagator.InitError != Sgp4Error.None)
            {
                throw new SimulatorInputException($"--tle: {entry.Elements.Id} {entry.Name}: SGP4 cannot start from these elements ({propagator.InitError}).");
            }

            spacecraft.Add(new SpacecraftDefinition(entry.Elements, new Sgp4Ephemeris(propagator), callsign));
        }

        return spacecraft;
    }

    private static T Domain<T>(string option, double value, Func<double, T> create)
    {
        try
        {
            return create(value);
        }
        catch (ArgumentOutOfRangeException problem)
        {
            throw new SimulatorInputException($"{option}: {value.ToString(CultureInfo.InvariantCulture)} is out of range. {problem.Message.Split(" (Parameter", 2)[0]}");
        }
    }
}
