using System.Globalization;

namespace GroundStation.Orbits.Elements;

/// <summary>
/// Parses two-line element sets strictly by the column layout of the format (CelesTrak "NORAD Two-Line Element Set
/// Format"): fixed separators, checksums, two-digit years (below 57 means 20xx), assumed-decimal exponent fields
/// (" 12345-3" is 0.12345e-3), a blank international designator, and Alpha-5 catalog numbers.
/// </summary>
public static class TleParser
{
    /// <summary>Length of a TLE line, including the checksum digit.</summary>
    public const int LineLength = 69;

    /// <summary>Parses one element set.</summary>
    /// <param name="line1">Line 1 (trailing white space and a trailing CR are ignored).</param>
    /// <param name="line2">Line 2.</param>
    /// <param name="name">The object name from a 3LE name line, or null.</param>
    /// <param name="options">Leniency options; strict when null.</param>
    /// <returns>The lines (trimmed to 69 columns) and their elements.</returns>
    /// <exception cref="TleFormatException">The lines break the format; the message says where and what was expected.</exception>
    public static Tle Parse(string line1, string line2, string? name = null, TleParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(line1);
        ArgumentNullException.ThrowIfNull(line2);
        options ??= TleParseOptions.Strict;
        var l1 = new TleLineReader(1, line1, options);
        var l2 = new TleLineReader(2, line2, options);

        var id1 = l1.CatalogNumber();
        var classification = l1.Char(8, "classification", "U, C or S", c => c is 'U' or 'C' or 'S');
        var designator = l1.Designator();
        var epoch = l1.Epoch();
        var ndot = l1.Decimal(34, 43, "first derivative of mean motion", "a signed decimal such as ' .00012345'");
        var nddot = l1.AssumedDecimal(45, 52, "second derivative of mean motion");
        var bstar = l1.AssumedDecimal(54, 61, "B* drag term");
        l1.Char(63, "ephemeris type", "a digit or blank", c => c == ' ' || char.IsAsciiDigit(c));
        var elementSet = l1.Integer(65, 68, "element set number");

        var id2 = l2.CatalogNumber();
        if (id1 != id2)
        {
            throw new TleFormatException(2, 3, 7, string.Create(
                CultureInfo.InvariantCulture,
                $"expected the catalog number of line 1 ({id1}), found {id2}"));
        }

        var inclination = l2.Decimal(9, 16, "inclination", "degrees from 0 to 180 such as ' 51.6416'", 0, 180);
        var raan = l2.Decimal(18, 25, "right ascension of the ascending node", "degrees from 0 to 360 such as '247.4627'", 0, 360);
        var eccentricity = l2.Eccentricity();
        var argPerigee = l2.Decimal(35, 42, "argument of perigee", "degrees from 0 to 360 such as '130.5360'", 0, 360);
        var meanAnomaly = l2.Decimal(44, 51, "mean anomaly", "degrees from 0 to 360 such as '325.0288'", 0, 360);
        var meanMotion = l2.Decimal(53, 63, "mean motion", "revolutions per day above 0 such as '15.72125391'", 0, 100, aboveMin: true);
        var revolution = l2.Integer(64, 68, "revolution number");

        OrbitalElements elements;
        try
        {
            elements = new OrbitalElements(
                new NoradId(id1), name, classification, designator, epoch, ndot, nddot, bstar, elementSet,
                inclination, raan, eccentricity, argPerigee, meanAnomaly, meanMotion, revolution);
        }
        catch (ArgumentException e)
        {
            // Every field is range-checked above; this guards any rule OrbitalElements adds later.
            throw new TleFormatException("TLE: element out of range: " + e.Message, e);
        }

        return new Tle(l1.Text, l2.Text, name, elements);
    }

    /// <summary>The checksum digit (0-9) that column 69 of <paramref name="line"/> should hold.</summary>
    public static int ComputeChecksum(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return TleChecksum.Compute(line);
    }
}
