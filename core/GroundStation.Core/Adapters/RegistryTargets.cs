using GroundStation.Commanding;
using GroundStation.Frames.Ax25;
using GroundStation.Orbits;
using GroundStation.Registry;
using GroundStation.Telemetry;

namespace GroundStation.Core.Adapters;

/// <summary>
/// The registry as commanding's and telemetry's view of a satellite: its tenant, callsign, and the command dictionary
/// and housekeeping decoder it speaks: its own when the registry records them, else the host's defaults (the
/// simulator's unless configured).
/// </summary>
public sealed class RegistryTargets(IRegistry registry, string commandDictionary, string telemetryDecoder) : ICommandTargetDirectory, ITelemetryTargetDirectory
{
    /// <summary>The command dictionary of the simulated satellites.</summary>
    public const string SimulatorDictionary = "gs-sim-v1";

    /// <summary>The housekeeping decoder of the simulated satellites.</summary>
    public const string SimulatorDecoder = "gs-sim-housekeeping-v1";

    /// <inheritdoc />
    CommandTarget? ICommandTargetDirectory.Find(NoradId norad) =>
        registry.FindSatellite(norad) is { } satellite ? new CommandTarget(norad, satellite.Tenant, satellite.Callsign, satellite.CommandDictionary ?? commandDictionary)
            : null;

    /// <inheritdoc />
    TelemetryTarget? ITelemetryTargetDirectory.Find(NoradId norad)
    {
        if (registry.FindSatellite(norad) is not { } satellite)
        {
            return null;
        }

        // The registry validated the callsign as AX.25 when it stored it.
        return new TelemetryTarget(norad, satellite.Tenant, satellite.TelemetryDecoder ?? telemetryDecoder) { Callsign = Ax25Address.Parse(satellite.Callsign) };
    }
}
