using System.Globalization;

namespace GroundStation.Hardware.Rotators;

/// <summary>
/// A rotator azimuth in degrees, clockwise from north. Values beyond 0..360 are meaningful: rotators with overwind
/// accept, for example, -180..450, and 10 and 370 are different mechanical positions.
/// </summary>
public readonly record struct Azimuth
{
    /// <summary>Creates an azimuth; NaN and infinities are refused.</summary>
    public Azimuth(double degrees)
    {
        if (!double.IsFinite(degrees))
        {
            throw new ArgumentOutOfRangeException(nameof(degrees), degrees, "An azimuth must be a finite number of degrees.");
        }

        Degrees = degrees;
    }

    /// <summary>The angle in degrees.</summary>
    public double Degrees { get; }

    /// <inheritdoc />
    public override string ToString() => Degrees.ToString("0.###", CultureInfo.InvariantCulture);
}
