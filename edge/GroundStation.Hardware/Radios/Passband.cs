using System.Globalization;

namespace GroundStation.Hardware.Radios;

/// <summary>A receiver passband width in hertz; zero asks the radio for its normal width for the mode.</summary>
public readonly record struct Passband
{
    /// <summary>The radio's normal passband for the mode.</summary>
    public static readonly Passband Normal = new(0);

    /// <summary>Creates a passband; it must not be negative.</summary>
    public Passband(int hertz)
    {
        if (hertz < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(hertz), hertz, "A passband is zero (normal) or a positive number of hertz.");
        }

        Hertz = hertz;
    }

    /// <summary>The width in hertz; zero for the radio's normal width.</summary>
    public int Hertz { get; }

    /// <inheritdoc />
    public override string ToString() => Hertz == 0 ? "normal" : Hertz.ToString(CultureInfo.InvariantCulture) + " Hz";
}
