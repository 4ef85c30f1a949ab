using System.Globalization;

namespace GroundStation.Orbits;

/// <summary>A satellite catalog number (NORAD id), as carried in TLE columns 3-7 and OMM NORAD_CAT_ID.</summary>
public readonly record struct NoradId
{
    /// <summary>The largest number the Alpha-5 TLE scheme (Z9999) can carry.</summary>
    public const int MaxValue = 339_999;

    /// <summary>Creates a catalog number; it must be between 1 and <see cref="MaxValue"/>.</summary>
    public NoradId(int value)
    {
        if (value is < 1 or > MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"A NORAD id is between 1 and {MaxValue}.");
        }

        Value = value;
    }

    /// <summary>The number itself.</summary>
    public int Value { get; }

    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
