namespace GroundStation.Orbits;

/// <summary>
/// An instant as a Julian date held in two parts (whole day ending in .5, and the fraction of that day) so that
/// sub-millisecond resolution survives: a single double near 2.45e6 days resolves only about 40 microseconds.
/// The time scale is UTC unless a caller says otherwise.
/// </summary>
public readonly record struct JulianDate : IComparable<JulianDate>
{
    /// <summary>Julian date of the Unix epoch, 1970-01-01T00:00:00Z.</summary>
    public const double UnixEpoch = 2_440_587.5;

    /// <summary>Julian date of J2000.0, 2000-01-01T12:00:00 (the epoch of the GMST polynomial).</summary>
    public const double J2000 = 2_451_545.0;

    /// <summary>Creates a Julian date from its two parts; the parts are normalised so the fraction is in [0, 1).</summary>
    public JulianDate(double day, double fraction)
    {
        var whole = Math.Floor(fraction);
        Day = day + whole;
        Fraction = fraction - whole;
    }

    /// <summary>The whole-day part (any value; normally ending in .5, midnight UTC).</summary>
    public double Day { get; }

    /// <summary>The fraction of a day after <see cref="Day"/>, in [0, 1).</summary>
    public double Fraction { get; }

    /// <summary>The date as one number (loses precision; for display and coarse arithmetic only).</summary>
    public double Value => Day + Fraction;

    /// <summary>Converts a UTC instant (to 100 ns resolution).</summary>
    public static JulianDate FromDateTime(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        var midnight = utc.Date;
        var daysSinceUnix = (midnight - DateTime.UnixEpoch).Days;
        return new JulianDate(UnixEpoch + daysSinceUnix, (utc - midnight).Ticks / (double)TimeSpan.TicksPerDay);
    }

    /// <summary>Converts back to a UTC instant, rounded to the nearest 100 ns tick.</summary>
    public DateTimeOffset ToDateTime()
    {
        var days = Day - UnixEpoch;
        var wholeDays = Math.Floor(days);
        var fraction = (days - wholeDays) + Fraction;
        var ticks = (long)Math.Round(fraction * TimeSpan.TicksPerDay);
        return new DateTimeOffset(DateTime.UnixEpoch.AddDays(wholeDays).AddTicks(ticks), TimeSpan.Zero);
    }

    /// <summary>The date <paramref name="minutes"/> later.</summary>
    public JulianDate AddMinutes(double minutes) => new(Day, Fraction + (minutes / 1440.0));

    /// <summary>The date <paramref name="days"/> later.</summary>
    public JulianDate AddDays(double days)
    {
        var whole = Math.Floor(days);
        return new JulianDate(Day + whole, Fraction + (days - whole));
    }

    /// <summary>Minutes from <paramref name="earlier"/> to this date (negative if this is before it).</summary>
    public double MinutesSince(JulianDate earlier) =>
        (((Day - earlier.Day) + (Fraction - earlier.Fraction)) * 1440.0);

    /// <summary>Days from <paramref name="earlier"/> to this date.</summary>
    public double DaysSince(JulianDate earlier) => (Day - earlier.Day) + (Fraction - earlier.Fraction);

    /// <summary>
    /// Greenwich mean sidereal time, IAU-82 model, in radians in [0, 2 pi), taking this date as UT1.
    /// This is the rotation SGP4's TEME frame is defined against.
    /// </summary>
    public double GreenwichMeanSiderealTime()
    {
        var tut1 = DaysSince(new JulianDate(J2000, 0)) / 36525.0;
        var seconds = (-6.2e-6 * tut1 * tut1 * tut1) + (0.093104 * tut1 * tut1) +
                      (((876600.0 * 3600.0) + 8640184.812866) * tut1) + 67310.54841;
        var radians = (seconds * (Math.PI / 180.0) / 240.0) % (2 * Math.PI);
        return radians < 0 ? radians + (2 * Math.PI) : radians;
    }

    /// <inheritdoc />
    public int CompareTo(JulianDate other) => DaysSince(other) switch
    {
        < 0 => -1,
        > 0 => 1,
        _ => 0,
    };

    /// <summary>True when <paramref name="left"/> is earlier.</summary>
    public static bool operator <(JulianDate left, JulianDate right) => left.CompareTo(right) < 0;

    /// <summary>True when <paramref name="left"/> is later.</summary>
    public static bool operator >(JulianDate left, JulianDate right) => left.CompareTo(right) > 0;

    /// <summary>True when <paramref name="left"/> is not later.</summary>
    public static bool operator <=(JulianDate left, JulianDate right) => left.CompareTo(right) <= 0;

    /// <summary>True when <paramref name="left"/> is not earlier.</summary>
    public static bool operator >=(JulianDate left, JulianDate right) => left.CompareTo(right) >= 0;
}
