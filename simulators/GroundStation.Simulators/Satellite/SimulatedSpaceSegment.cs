using System.Globalization;
using GroundStation.Hardware.Ax25;
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

    /// <summary>Link impairments; each link gets its own generator, seeded from this seed and its position.</summary>
    public LinkFaults Faults { get; init; } = LinkFaults.None;

    /// <summary>Seed of the sensor noise (offset per spacecraft).</summary>
    public int Seed { get; init; } = 1;
}

/// <summary>
/// Every simulated spacecraft over one station, each on its own <see cref="SpaceLink"/> into one sink: what
/// <c>gs-sim tnc</c>, <c>gs-sim satellite</c> and the core's demo build. Starts silent; <see cref="Start"/> begins beaconing.
/// </summary>
public sealed class SimulatedSpaceSegment : IAsyncDisposable
{
    private readonly List<SpaceLink> _links = [];

    /// <summary>Builds the spacecraft and their links; each booted at the clock's current instant.</summary>
    public SimulatedSpaceSegment(IReadOnlyList<SpacecraftDefinition> spacecraft, GroundStationSite site, SpaceSegmentOptions options,
        TimeProvider timeProvider, IDownlinkSink sink, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(spacecraft);
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Faults.Validate();
        var callsigns = new HashSet<Ax25Address>();
        for (var i = 0; i < spacecraft.Count; i++)
        {
            var definition = spacecraft[i];
            var callsign = definition.Callsign ?? DefaultCallsign(definition.Elements.Id);
            if (!callsigns.Add(callsign))
            {
                throw new ArgumentException($"Two spacecraft would share callsign {callsign} (NORAD {definition.Elements.Id}).", nameof(spacecraft));
            }

            var satellite = new SimulatedSatellite(new SimulatedSatelliteOptions
            {
                Callsign = callsign,
                OrbitalPeriod = TimeSpan.FromDays(1 / definition.Elements.MeanMotionRevPerDay),
                Seed = options.Seed + i,
            }, timeProvider.GetUtcNow());
            _links.Add(new SpaceLink(satellite, new OrbitVisibility(definition.Ephemeris, site), timeProvider, options.BeaconPeriod,
                options.Faults with { Seed = options.Faults.Seed + (7919 * i) }, sink, loggerFactory?.CreateLogger<SpaceLink>()));
        }
    }

    /// <summary>The links, one per spacecraft, in the order given.</summary>
    public IReadOnlyList<SpaceLink> Links => _links;

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

    /// <summary>Starts every link's beacon schedule.</summary>
    public void Start()
    {
        foreach (var link in _links)
        {
            link.Start();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var link in _links)
        {
            await link.DisposeAsync();
        }
    }
}
