using System.Globalization;
using GroundStation.Frames.Ax25;
using GroundStation.Orbits;
using GroundStation.Orbits.Elements;
using GroundStation.Orbits.Passes;
using Microsoft.Extensions.Logging;

namespace GroundStation.Simulators.Satellite;

/// <summary>One spacecraft to simulate: its elements (for identity and period), its ephemeris, and optionally its callsign.</summary>
/// <param name="Elements">The orbital elements.</param>
/// <param name="Ephemeris">The TEME ephemeris built from them (SGP4).</param>
/// <param name="Callsign">The AX.25 callsign; <see cref="SimulatedSpaceSegment.DefaultCallsign"/> when null.</param>
public sealed record SpacecraftDefinition(OrbitalElements Elements, ITemeEphemeris Ephemeris, Ax25Address? Callsign = null);

/// <summary>Settings shared by every spacecraft and link of a <see cref="SimulatedSpaceSegment"/>.</summary>
public sealed record SpaceSegmentOptions
{
    /// <summary>Simulated time between beacon opportunities.</summary>
    public TimeSpan BeaconPeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Link impairments; each link gets its own generator, seeded from this seed, its spacecraft and its station.</summary>
    public LinkFaults Faults { get; init; } = LinkFaults.None;

    /// <summary>Seed of the sensor noise (offset per spacecraft).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// How many transmissions <see cref="SimulatedSpaceSegment.Emissions"/> keeps (the oldest go first); 0, the default,
    /// records none, so a long-running simulator does not pay for a record nobody reads.
    /// </summary>
    public int EmissionLogCapacity { get; init; }
}

/// <summary>
/// The simulated spacecraft of a scenario and their links to stations: each spacecraft exists once, whatever the
/// number of stations, so a command uplinked through one station shows in the telemetry another station hears.
/// Each (spacecraft, station) pair has its own <see cref="SpaceLink"/> into that station's sink. This is what
/// <c>gs-sim tnc</c>, <c>gs-sim satellite</c> and the core's demo build. Silent until <see cref="Start"/>.
/// </summary>
public sealed class SimulatedSpaceSegment : IAsyncDisposable
{
    private readonly List<(SimulatedSatellite Satellite, ITemeEphemeris Ephemeris)> _spacecraft = [];
    private readonly List<SpaceLink> _links = [];
    private readonly Lock _gate = new();
    private readonly SpaceSegmentOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory? _loggerFactory;
    private int _stations;
    private bool _started;

    /// <summary>Builds the spacecraft, each booted at the clock's current instant; stations are added with <see cref="AddStation(GroundStationSite, IDownlinkSink)"/>.</summary>
    public SimulatedSpaceSegment(IReadOnlyList<SpacecraftDefinition> spacecraft, SpaceSegmentOptions options, TimeProvider timeProvider,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(spacecraft);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Faults.Validate();
        _options = options;
        _time = timeProvider;
        _loggerFactory = loggerFactory;
        Emissions = new EmissionLog(options.EmissionLogCapacity);
        var callsigns = new HashSet<Ax25Address>();
        for (var i = 0; i < spacecraft.Count; i++)
        {
            var definition = spacecraft[i];
            var callsign = definition.Callsign ?? DefaultCallsign(definition.Elements.Id);
            if (!callsigns.Add(callsign))
            {
                throw new ArgumentException($"Two spacecraft would share callsign {callsign} (NORAD {definition.Elements.Id}).", nameof(spacecraft));
            }

            _spacecraft.Add((new SimulatedSatellite(new SimulatedSatelliteOptions
            {
                Callsign = callsign,
                OrbitalPeriod = TimeSpan.FromDays(1 / definition.Elements.MeanMotionRevPerDay),
                Seed = options.Seed + i,
            }, timeProvider.GetUtcNow()), definition.Ephemeris));
        }
    }

    /// <summary>The spacecraft, in the order given.</summary>
    public IReadOnlyList<SimulatedSatellite> Satellites => [.. _spacecraft.Select(s => s.Satellite)];

    /// <summary>Every frame transmitted on every link, up to <see cref="SpaceSegmentOptions.EmissionLogCapacity"/> entries.</summary>
    public EmissionLog Emissions { get; }

    /// <summary>Every link to every station added so far.</summary>
    public IReadOnlyList<SpaceLink> Links
    {
        get
        {
            lock (_gate)
            {
                return [.. _links];
            }
        }
    }

    /// <summary>
    /// Adds a station: one link per spacecraft from <paramref name="site"/> into <paramref name="sink"/> (its TNC).
    /// The links start at once if the segment is already started. Returns the new links, in spacecraft order.
    /// </summary>
    public IReadOnlyList<SpaceLink> AddStation(GroundStationSite site, IDownlinkSink sink)
    {
        lock (_gate)
        {
            return AddStation(string.Create(CultureInfo.InvariantCulture, $"station-{_stations + 1}"), site, sink);
        }
    }

    /// <summary>
    /// Adds a station named <paramref name="name"/> (its name in <see cref="Emissions"/>): one link per spacecraft from
    /// <paramref name="site"/> into <paramref name="sink"/>. Returns the new links, in spacecraft order.
    /// </summary>
    public IReadOnlyList<SpaceLink> AddStation(string name, GroundStationSite site, IDownlinkSink sink)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(sink);
        lock (_gate)
        {
            var station = _stations++;
            var added = new List<SpaceLink>();
            for (var i = 0; i < _spacecraft.Count; i++)
            {
                var (satellite, ephemeris) = _spacecraft[i];
                var link = new SpaceLink(satellite, new OrbitVisibility(ephemeris, site), _time, _options.BeaconPeriod,
                    _options.Faults with { Seed = _options.Faults.Seed + (7919 * i) + (104_729 * station) }, sink,
                    _loggerFactory?.CreateLogger<SpaceLink>())
                {
                    Station = name,
                    Emissions = Emissions,
                };
                added.Add(link);
                _links.Add(link);
                if (_started)
                {
                    link.Start();
                }
            }

            return added;
        }
    }

    /// <summary>
    /// The callsign <c>gs-sim</c> gives a spacecraft: <c>S</c> and its catalog number (Alpha-5 form above 99999),
    /// so that it fits AX.25's six characters and names the satellite.
    /// </summary>
    public static Ax25Address DefaultCallsign(NoradId id)
    {
        const string alpha5Letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"; // Alpha-5 leaves out I and O
        var number = id.Value <= 99_999
            ? id.Value.ToString(CultureInfo.InvariantCulture)
            : alpha5Letters[(id.Value / 10_000) - 10] + (id.Value % 10_000).ToString("D4", CultureInfo.InvariantCulture);
        return new Ax25Address("S" + number);
    }

    /// <summary>Starts every link's beacon schedule (and those of stations added later).</summary>
    public void Start()
    {
        lock (_gate)
        {
            _started = true;
            foreach (var link in _links)
            {
                link.Start();
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var link in Links)
        {
            await link.DisposeAsync();
        }
    }
}
