namespace GroundStation.Hardware.Rotators;

/// <summary>
/// An antenna rotator as the edge agent drives it. Every implementation clamps commanded positions to its
/// <see cref="Limits"/> before anything reaches the hardware, and reports failures as <see cref="RotatorException"/>.
/// </summary>
public interface IRotator
{
    /// <summary>The mechanical limits every command is clamped to.</summary>
    RotatorLimits Limits { get; }

    /// <summary>Sends the rotator towards <paramref name="target"/>, clamped to the limits; returns what was sent.</summary>
    Task<RotatorPosition> SetPositionAsync(RotatorPosition target, CancellationToken cancellationToken = default);

    /// <summary>Reads where the rotator points now.</summary>
    Task<RotatorPosition> GetPositionAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops all motion.</summary>
    Task StopAsync(CancellationToken cancellationToken = default);

    /// <summary>Sends the rotator to its park position.</summary>
    Task ParkAsync(CancellationToken cancellationToken = default);
}
