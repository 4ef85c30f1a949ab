using System.Globalization;

namespace GroundStation.Hardware.Rotators;

/// <summary>
/// A rotator elevation in degrees above the horizon. Rotators with 180-degree elevation (flip mode) accept values
/// above 90, so the range is left to <see cref="RotatorLimits"/>.
/// </summary>
public readonly record struct Elevation
{
    /// <summary>Creates an elevation; NaN and infinities are refused.</summary>
    public Elevation(double degrees)
    {
        if (!double.IsFinite(degrees))
        {
            throw new ArgumentOutOfRangeException(nameof(degrees), degrees, "An elevation must be a finite number of degrees.");
        }

        Degrees = degrees;
    }

    /// <summary>The angle in degrees.</summary>
    public double Degrees { get; }

    /// <inheritdoc />
    public override string ToString() => Degrees.ToString("0.###", CultureInfo.InvariantCulture);
}
