namespace GroundStation.Orbits.Elements;

/// <summary>
/// The Alpha-5 catalog number scheme of TLE columns 3-7: numbers above 99999 are written with a leading letter
/// (A = 10 ... Z = 33, skipping I and O) followed by four digits, e.g. "A0001" is 100001.
/// </summary>
internal static class Alpha5
{
    private const string Letters = "ABCDEFGHJKLMNPQRSTUVWXYZ";

    /// <summary>Parses the 5-character field; digits may be right-aligned with leading blanks.</summary>
    public static bool TryParse(ReadOnlySpan<char> field, out int value)
    {
        value = 0;
        if (field.Length != 5)
        {
            return false;
        }

        var first = field[0];
        var letterIndex = Letters.IndexOf(first);
        if (letterIndex >= 0)
        {
            var rest = field[1..];
            foreach (var c in rest)
            {
                if (!char.IsAsciiDigit(c))
                {
                    return false;
                }
            }

            value = ((letterIndex + 10) * 10_000) + int.Parse(rest, provider: System.Globalization.CultureInfo.InvariantCulture);
            return true;
        }

        var trimmed = field.TrimStart(' ');
        if (trimmed.IsEmpty)
        {
            return false;
        }

        foreach (var c in trimmed)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>Formats a catalog number as five characters (zero-padded digits, or Alpha-5 above 99999).</summary>
    public static string Format(int value)
    {
        if (value <= 99_999)
        {
            return value.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
        }

        var letter = Letters[(value / 10_000) - 10];
        return letter + (value % 10_000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
    }
}
