using System.Globalization;

namespace GroundStation.Hardware.Radios;

/// <summary>A radio frequency in whole hertz, as Hamlib carries it.</summary>
public readonly record struct Frequency : IComparable<Frequency>
{
    /// <summary>Creates a frequency; it must be above zero.</summary>
    public Frequency(long hertz)
    {
        if (hertz <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(hertz), hertz, "A frequency is a positive number of hertz.");
        }

        Hertz = hertz;
    }

    /// <summary>The frequency in hertz.</summary>
    public long Hertz { get; }

    /// <summary>Creates a frequency from hertz.</summary>
    public static Frequency FromHertz(long hertz) => new(hertz);

    /// <summary>Creates a frequency from megahertz, rounded to the nearest hertz; NaN and infinities are refused.</summary>
    public static Frequency FromMegahertz(double megahertz)
    {
        if (!double.IsFinite(megahertz))
        {
            throw new ArgumentOutOfRangeException(nameof(megahertz), megahertz, "A frequency must be a finite number.");
        }

        return new Frequency((long)Math.Round(megahertz * 1_000_000, MidpointRounding.AwayFromZero));
    }

    /// <inheritdoc />
    public int CompareTo(Frequency other) => Hertz.CompareTo(other.Hertz);

    /// <summary>Orders frequencies.</summary>
    public static bool operator <(Frequency left, Frequency right) => left.Hertz < right.Hertz;

    /// <summary>Orders frequencies.</summary>
    public static bool operator >(Frequency left, Frequency right) => left.Hertz > right.Hertz;

    /// <summary>Orders frequencies.</summary>
    public static bool operator <=(Frequency left, Frequency right) => left.Hertz <= right.Hertz;

    /// <summary>Orders frequencies.</summary>
    public static bool operator >=(Frequency left, Frequency right) => left.Hertz >= right.Hertz;

    /// <inheritdoc />
    public override string ToString() => Hertz.ToString(CultureInfo.InvariantCulture) + " Hz";
}
