namespace GroundStation.Hardware.Radios;

/// <summary>
/// One tunable receiver or transmitter path as the edge agent drives it for Doppler tuning: the downlink and the
/// uplink are each an <see cref="IRadio"/>. Failures are reported as <see cref="RadioException"/>.
/// </summary>
public interface IRadio
{
    /// <summary>Tunes to <paramref name="frequency"/>.</summary>
    Task SetFrequencyAsync(Frequency frequency, CancellationToken cancellationToken = default);

    /// <summary>Reads the tuned frequency.</summary>
    Task<Frequency> GetFrequencyAsync(CancellationToken cancellationToken = default);

    /// <summary>Sets the operating mode and passband.</summary>
    Task SetModeAsync(RadioModeSetting setting, CancellationToken cancellationToken = default);

    /// <summary>Reads the operating mode and passband.</summary>
    Task<RadioModeSetting> GetModeAsync(CancellationToken cancellationToken = default);
}
