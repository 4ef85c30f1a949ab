using System.Globalization;

namespace GroundStation.Orbits.Doppler;

/// <summary>A radio frequency in hertz; positive and finite.</summary>
public readonly record struct Frequency
{
    /// <summary>Creates a frequency; throws unless <paramref name="hertz"/> is positive and finite.</summary>
    public Frequency(double hertz)
    {
        if (!(hertz > 0) || !double.IsFinite(hertz))
        {
            throw new ArgumentOutOfRangeException(nameof(hertz), hertz, "A frequency is a positive, finite number of hertz.");
        }

        Hertz = hertz;
    }

    /// <summary>The frequency in hertz.</summary>
    public double Hertz { get; }

    /// <summary>Creates a frequency from megahertz.</summary>
    public static Frequency FromMegahertz(double megahertz) => new(megahertz * 1e6);

    /// <inheritdoc />
    public override string ToString() => Hertz.ToString("0.###", CultureInfo.InvariantCulture) + " Hz";
}
