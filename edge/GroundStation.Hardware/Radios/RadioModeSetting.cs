namespace GroundStation.Hardware.Radios;

/// <summary>A radio's mode together with its passband.</summary>
/// <param name="Mode">The operating mode.</param>
/// <param name="Passband">The passband width.</param>
public readonly record struct RadioModeSetting(RadioMode Mode, Passband Passband);
