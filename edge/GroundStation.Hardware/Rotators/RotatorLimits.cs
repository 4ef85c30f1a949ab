using System.Globalization;

namespace GroundStation.Hardware.Rotators;

/// <summary>The mechanical range of a rotator: no command outside it ever reaches the hardware.</summary>
public sealed record RotatorLimits
{
    /// <summary>Creates limits; each minimum must not exceed its maximum.</summary>
    public RotatorLimits(Azimuth minAzimuth, Azimuth maxAzimuth, Elevation minElevation, Elevation maxElevation)
    {
        if (minAzimuth.Degrees > maxAzimuth.Degrees)
        {
            throw new ArgumentException(
                $"The minimum azimuth {minAzimuth} is above the maximum azimuth {maxAzimuth}.", nameof(minAzimuth));
        }

        if (minElevation.Degrees > maxElevation.Degrees)
        {
            throw new ArgumentException(
                $"The minimum elevation {minElevation} is above the maximum elevation {maxElevation}.", nameof(minElevation));
        }

        MinAzimuth = minAzimuth;
        MaxAzimuth = maxAzimuth;
        MinElevation = minElevation;
        MaxElevation = maxElevation;
    }

    /// <summary>The smallest azimuth the rotator may be sent to.</summary>
    public Azimuth MinAzimuth { get; }

    /// <summary>The largest azimuth the rotator may be sent to.</summary>
    public Azimuth MaxAzimuth { get; }

    /// <summary>The smallest elevation the rotator may be sent to.</summary>
    public Elevation MinElevation { get; }

    /// <summary>The largest elevation the rotator may be sent to.</summary>
    public Elevation MaxElevation { get; }

    /// <summary>Creates limits from degrees.</summary>
    public static RotatorLimits FromDegrees(double minAzimuth, double maxAzimuth, double minElevation, double maxElevation) =>
        new(new Azimuth(minAzimuth), new Azimuth(maxAzimuth), new Elevation(minElevation), new Elevation(maxElevation));

    /// <summary>True when <paramref name="position"/> lies within the limits on both axes.</summary>
    public bool Contains(RotatorPosition position) =>
        position.Azimuth.Degrees >= MinAzimuth.Degrees && position.Azimuth.Degrees <= MaxAzimuth.Degrees &&
        position.Elevation.Degrees >= MinElevation.Degrees && position.Elevation.Degrees <= MaxElevation.Degrees;

    /// <summary>True when these limits lie wholly inside <paramref name="outer"/>.</summary>
    public bool IsWithin(RotatorLimits outer)
    {
        ArgumentNullException.ThrowIfNull(outer);
        return MinAzimuth.Degrees >= outer.MinAzimuth.Degrees && MaxAzimuth.Degrees <= outer.MaxAzimuth.Degrees &&
               MinElevation.Degrees >= outer.MinElevation.Degrees && MaxElevation.Degrees <= outer.MaxElevation.Degrees;
    }

    /// <summary>The nearest position within the limits.</summary>
    public RotatorPosition Clamp(RotatorPosition position) =>
        RotatorPosition.FromDegrees(
            Math.Clamp(position.Azimuth.Degrees, MinAzimuth.Degrees, MaxAzimuth.Degrees),
            Math.Clamp(position.Elevation.Degrees, MinElevation.Degrees, MaxElevation.Degrees));

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"az {MinAzimuth}..{MaxAzimuth}, el {MinElevation}..{MaxElevation}");
}
