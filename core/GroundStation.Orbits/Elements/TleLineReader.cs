using System.Globalization;

namespace GroundStation.Orbits.Elements;

/// <summary>Reads the fields of one TLE line by column, raising <see cref="TleFormatException"/> with the position.</summary>
internal readonly struct TleLineReader
{
    private readonly int _line;

    public TleLineReader(int line, string raw, TleParseOptions options)
    {
        _line = line;
        var text = raw.TrimEnd(' ', '\t', '\r', '\n');
        if (text.Length > TleParser.LineLength)
        {
            if (!options.IgnoreTextAfterColumn69)
            {
                throw new TleFormatException(line, TleParser.LineLength + 1, text.Length,
                    $"expected the line to end at column 69, found '{Shorten(text[TleParser.LineLength..])}'");
            }

            text = text[..TleParser.LineLength];
        }

        if (text.Length < TleParser.LineLength)
        {
            throw new TleFormatException(line, null, null, string.Create(
                CultureInfo.InvariantCulture,
                $"expected 69 characters, found {text.Length}"));
        }

        Text = text;
        if (text[0] != (char)('0' + line))
        {
            throw new TleFormatException(line, 1, 1, $"expected line number '{line}', found '{text[0]}'");
        }

        var checksum = text[TleParser.LineLength - 1];
        if (!char.IsAsciiDigit(checksum))
        {
            throw new TleFormatException(line, 69, 69, $"expected a checksum digit, found '{checksum}'");
        }

        var expected = TleChecksum.Compute(text);
        if (checksum - '0' != expected && !options.AcceptBadChecksums)
        {
            throw new TleFormatException(line, 69, 69, string.Create(
                CultureInfo.InvariantCulture,
                $"checksum mismatch: the line says {checksum}, expected digit {expected}"));
        }

        foreach (var column in line == 1 ? Line1Blanks : Line2Blanks)
        {
            if (text[column - 1] != ' ')
            {
                throw new TleFormatException(line, column, column,
                    $"expected a blank separator, found '{text[column - 1]}'");
            }
        }
    }

    /// <summary>The line, exactly 69 characters.</summary>
    public string Text { get; }

    private static int[] Line1Blanks { get; } = [2, 9, 18, 33, 44, 53, 62, 64];

    private static int[] Line2Blanks { get; } = [2, 8, 17, 26, 34, 43, 52];

    public int CatalogNumber()
    {
        var field = Field(3, 7);
        return Alpha5.TryParse(field, out var value) && value > 0
            ? value
            : throw Error(3, 7, "catalog number", $"five digits or Alpha-5 (letter and four digits), found '{field}'");
    }

    public char Char(int column, string what, string expected, Func<char, bool> isValid)
    {
        var c = Text[column - 1];
        return isValid(c) ? c : throw Error(column, column, what, $"{expected}, found '{c}'");
    }

    public string Designator()
    {
        var field = Field(10, 17).TrimEnd(' ');
        return OrbitalElements.IsDesignator(field)
            ? field
            : throw Error(10, 17, "international designator", $"blank or YYNNN and 1-3 letters, found '{field}'");
    }

    public JulianDate Epoch()
    {
        var yearField = Field(19, 20);
        if (!char.IsAsciiDigit(yearField[0]) || !char.IsAsciiDigit(yearField[1]))
        {
            throw Error(19, 20, "epoch year", $"two digits, found '{yearField}'");
        }

        var twoDigit = ((yearField[0] - '0') * 10) + (yearField[1] - '0');
        var year = twoDigit < 57 ? 2000 + twoDigit : 1900 + twoDigit;
        var dayField = Field(21, 32);
        var daysInYear = DateTime.IsLeapYear(year) ? 366 : 365;
        if (!IsPlainDecimal(dayField, allowSign: false) ||
            !double.TryParse(dayField, NumberStyles.AllowLeadingWhite | NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture, out var dayOfYear) || dayOfYear < 1.0 || dayOfYear >= daysInYear + 1)
        {
            throw Error(21, 32, "epoch day of year", string.Create(
                CultureInfo.InvariantCulture,
                $"a day of {year} from 1 to {daysInYear + 1} exclusive such as '123.45678901', found '{dayField}'"));
        }

        var newYear = JulianDate.FromDateTime(new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero));
        return new JulianDate(newYear.Day - 1.0, dayOfYear);
    }

    public double Decimal(int first, int last, string what, string expected) =>
        Decimal(first, last, what, expected, double.NegativeInfinity, double.PositiveInfinity);

    /// <summary>A plain decimal in [<paramref name="min"/>, <paramref name="max"/>], or above min when <paramref name="aboveMin"/>.</summary>
    public double Decimal(int first, int last, string what, string expected, double min, double max, bool aboveMin = false)
    {
        var field = Field(first, last);
        var parsed = double.TryParse(field, NumberStyles.AllowLeadingWhite | NumberStyles.AllowLeadingSign |
                                            NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value);
        var valid = parsed && IsPlainDecimal(field, allowSign: true) &&
                    (aboveMin ? value > min : value >= min) && value <= max;
        return valid ? value : throw Error(first, last, what, $"{expected}, found '{field}'");
    }

    /// <summary>An 8-column field like " 12345-3": sign, five mantissa digits after an implied point, exponent sign and digit.</summary>
    public double AssumedDecimal(int first, int last, string what)
    {
        var field = Field(first, last);
        var valid = field[0] is ' ' or '+' or '-' && field[6] is '+' or '-' && char.IsAsciiDigit(field[7]);
        for (var i = 1; valid && i <= 5; i++)
        {
            valid = char.IsAsciiDigit(field[i]);
        }

        if (!valid)
        {
            throw Error(first, last, what,
                $"an assumed-decimal number such as ' 12345-3' (sign, 5 digits, exponent sign and digit), found '{field}'");
        }

        var mantissa = double.Parse(
            string.Concat(field[0] == '-' ? "-" : string.Empty, ".", field.Substring(1, 5)),
            NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture);
        var exponent = (field[7] - '0') * (field[6] == '-' ? -1 : 1);
        return mantissa * Math.Pow(10.0, exponent);
    }

    public double Eccentricity()
    {
        var field = Field(27, 33);
        foreach (var c in field)
        {
            if (!char.IsAsciiDigit(c))
            {
                throw Error(27, 33, "eccentricity", $"seven digits after an implied decimal point, found '{field}'");
            }
        }

        return double.Parse("0." + field, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
    }

    public int Integer(int first, int last, string what)
    {
        var field = Field(first, last);
        var digits = field.TrimStart(' ');
        var valid = digits.Length > 0;
        foreach (var c in digits)
        {
            valid &= char.IsAsciiDigit(c);
        }

        return valid
            ? int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture)
            : throw Error(first, last, what, $"digits (right-aligned), found '{field}'");
    }

    private static bool IsPlainDecimal(string field, bool allowSign)
    {
        var s = field.TrimStart(' ');
        if (allowSign && s.Length > 0 && s[0] is '-' or '+')
        {
            s = s[1..];
        }

        var point = s.IndexOf('.', StringComparison.Ordinal);
        if (point < 0 || s.Length == 1)
        {
            return false;
        }

        for (var i = 0; i < s.Length; i++)
        {
            if (i != point && !char.IsAsciiDigit(s[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "...";

    private string Field(int first, int last) => Text.Substring(first - 1, last - first + 1);

    private TleFormatException Error(int first, int last, string what, string expected) =>
        new(_line, first, last, $"{what}: expected {expected}");
}
