using GroundStation.Messaging.Contracts;
using GroundStation.Orbits;

namespace GroundStation.Commanding;

/// <summary>A contact during which a satellite can be commanded.</summary>
/// <param name="PassId">The contact.</param>
/// <param name="Station">The station that will uplink.</param>
/// <param name="StationCallsign">The station's AX.25 callsign (the telecommand's source address).</param>
/// <param name="Aos">Acquisition of signal.</param>
/// <param name="Los">Loss of signal: no command may be uplinked after it.</param>
public sealed record CommandWindow(PassId PassId, StationId Station, string StationCallsign, DateTimeOffset Aos, DateTimeOffset Los);

/// <summary>The satellite's upcoming contacts; the host adapts the scheduler to it.</summary>
public interface ICommandWindowSource
{
    /// <summary>The first contact of <paramref name="norad"/> whose LOS is after <paramref name="after"/>, or null.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "The name is fixed by the shared design (DESIGN.md ports).")]
    CommandWindow? Next(NoradId norad, DateTimeOffset after);

    /// <summary>Raised when the contacts changed (a re-plan): queued and released commands are re-examined.</summary>
    event EventHandler? Changed;
}

/// <summary>What commanding needs to know about a satellite.</summary>
/// <param name="Norad">The satellite.</param>
/// <param name="Tenant">Its owning tenant.</param>
/// <param name="Callsign">Its AX.25 callsign (the telecommand's destination), e.g. <c>S25544</c>.</param>
/// <param name="Dictionary">Its command dictionary, e.g. <c>gs-sim-v1</c>.</param>
public sealed record CommandTarget(NoradId Norad, string Tenant, string Callsign, string Dictionary);

/// <summary>Finds a satellite's commanding settings; the host adapts the registry to it.</summary>
public interface ICommandTargetDirectory
{
    /// <summary>The satellite's settings, or null when the core does not know it.</summary>
    CommandTarget? Find(NoradId norad);
}

/// <summary>Delivers a signed telecommand to a station.</summary>
public interface ICommandPublisher
{
    /// <summary>Publishes; completes once the transport accepted it (for MQTT: the broker's PUBACK).</summary>
    ValueTask PublishAsync(StationId station, SignedEnvelope command, CancellationToken ct);
}
