using GroundStation.Hardware.Hamlib;

namespace GroundStation.Hardware.Radios;

/// <summary>How a <see cref="RigctldRadio"/> reaches its daemon and which VFO it drives.</summary>
public sealed record RigctldOptions
{
    /// <summary>The daemon connection.</summary>
    public required HamlibClientOptions Client { get; init; }

    /// <summary>
    /// The VFO this client tunes (e.g. <see cref="Vfo.A"/> for the downlink, <see cref="Vfo.B"/> for the uplink), or
    /// null for whichever VFO the radio has selected.
    /// </summary>
    public Vfo? Vfo { get; init; }
}
