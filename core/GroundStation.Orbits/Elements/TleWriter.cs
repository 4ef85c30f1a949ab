using System.Globalization;
using System.Text;

namespace GroundStation.Orbits.Elements;

/// <summary>
/// Writes element sets as TLE lines with correct checksums. Parsing a TLE and writing its elements back reproduces the
/// lines byte for byte when the TLE is in canonical form: normalised assumed-decimal fields (zero written as
/// " 00000-0" for the second derivative and " 00000+0" for B*), ephemeris type 0, designator and numbers as the
/// format pads them.
/// </summary>
public static class TleWriter
{
    /// <summary>Formats <paramref name="elements"/> as TLE lines 1 and 2, 69 characters each.</summary>
    /// <exception cref="ArgumentException">A value cannot be represented in its TLE field (the message names it).</exception>
    public static (string Line1, string Line2) Format(OrbitalElements elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        var catalog = Alpha5.Format(elements.Id.Value);

        var line1 = new StringBuilder(TleParser.LineLength);
        line1.Append("1 ").Append(catalog).Append(elements.Classification).Append(' ')
            .Append(elements.InternationalDesignator.PadRight(8)).Append(' ')
            .Append(FormatEpoch(elements.Epoch)).Append(' ')
            .Append(FormatFirstDerivative(elements.MeanMotionDot)).Append(' ')
            .Append(FormatAssumedDecimal(elements.MeanMotionDdot, '-', nameof(elements.MeanMotionDdot))).Append(' ')
            .Append(FormatAssumedDecimal(elements.BStar, '+', nameof(elements.BStar))).Append(' ')
            .Append('0').Append(' ')
            .Append(Invariant($"{elements.ElementSetNumber,4}"));
        AppendChecksum(line1);

        var line2 = new StringBuilder(TleParser.LineLength);
        line2.Append("2 ").Append(catalog).Append(' ')
            .Append(Invariant($"{elements.InclinationDeg,8:0.0000}")).Append(' ')
            .Append(Invariant($"{elements.RaanDeg,8:0.0000}")).Append(' ')
            .Append(FormatEccentricity(elements.Eccentricity)).Append(' ')
            .Append(Invariant($"{elements.ArgPerigeeDeg,8:0.0000}")).Append(' ')
            .Append(Invariant($"{elements.MeanAnomalyDeg,8:0.0000}")).Append(' ')
            .Append(FormatMeanMotion(elements.MeanMotionRevPerDay))
            .Append(Invariant($"{elements.RevolutionNumber % 100_000,5}"));
        AppendChecksum(line2);

        return (line1.ToString(), line2.ToString());
    }

    private static void AppendChecksum(StringBuilder line)
    {
        var text = line.ToString();
        if (text.Length != TleParser.LineLength - 1)
        {
            throw new InvalidOperationException($"TLE line formatted to {text.Length} columns instead of 68: '{text}'.");
        }

        line.Append((char)('0' + TleChecksum.Compute(text)));
    }

    private static string FormatEpoch(JulianDate epoch)
    {
        var year = epoch.ToDateTime().Year;
        var dayOfYear = DayOfYear(epoch, year);
        if (dayOfYear < 1.0)
        {
            year--;
            dayOfYear = DayOfYear(epoch, year);
        }
        else if (dayOfYear >= (DateTime.IsLeapYear(year) ? 367.0 : 366.0))
        {
            year++;
            dayOfYear = DayOfYear(epoch, year);
        }

        if (year is < 1957 or > 2056)
        {
            throw new ArgumentException(
                Invariant($"Epoch year {year} is outside 1957-2056, the range of the TLE's two-digit year."),
                nameof(epoch));
        }

        return Invariant($"{year % 100:00}{dayOfYear:000.00000000}");
    }

    private static double DayOfYear(JulianDate epoch, int year)
    {
        var newYear = JulianDate.FromDateTime(new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero));
        return (epoch.Day - (newYear.Day - 1.0)) + epoch.Fraction;
    }

    /// <summary>Columns 34-43: sign or blank, then the decimal point and eight digits.</summary>
    private static string FormatFirstDerivative(double value)
    {
        var digits = Invariant($"{Math.Abs(value):0.00000000}");
        if (!digits.StartsWith("0.", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                Invariant($"MeanMotionDot {value} does not fit the TLE field (magnitude below 1 rev/day^2)."),
                nameof(value));
        }

        return (value < 0 && digits != "0.00000000" ? "-" : " ") + digits[1..];
    }

    /// <summary>An 8-column assumed-decimal field: sign, five mantissa digits, exponent sign and digit.</summary>
    private static string FormatAssumedDecimal(double value, char zeroExponentSign, string name)
    {
        // Below half the smallest representable magnitude (0.00001e-9) the field holds zero.
        if (Math.Abs(value) < 0.5e-14)
        {
            return Invariant($" 00000{zeroExponentSign}0");
        }

        // "E4" gives d.dddd with a correctly rounded mantissa; the TLE's 0.ddddd form is one decade up.
        var scientific = Math.Abs(value).ToString("E4", CultureInfo.InvariantCulture);
        var mantissa = string.Concat(scientific.AsSpan(0, 1), scientific.AsSpan(2, 4));
        var exponent = int.Parse(scientific.AsSpan(7), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) + 1;
        if (exponent is < -9 or > 9)
        {
            throw new ArgumentException(Invariant($"{name} {value} does not fit the TLE's assumed-decimal field."), name);
        }

        return Invariant($"{(value < 0 ? '-' : ' ')}{mantissa}{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent)}");
    }

    private static string FormatEccentricity(double eccentricity)
    {
        var scaled = Math.Round(eccentricity * 1e7, MidpointRounding.AwayFromZero);
        if (scaled >= 1e7)
        {
            throw new ArgumentException(
                Invariant($"Eccentricity {eccentricity} rounds to 1 in the TLE's seven digits."), nameof(eccentricity));
        }

        return Invariant($"{(int)scaled:0000000}");
    }

    private static string FormatMeanMotion(double revPerDay)
    {
        var text = Invariant($"{revPerDay,11:0.00000000}");
        return text.Length == 11
            ? text
            : throw new ArgumentException(
                Invariant($"Mean motion {revPerDay} rev/day does not fit the TLE field (below 100)."), nameof(revPerDay));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
