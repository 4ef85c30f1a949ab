using GroundStation.Orbits.Elements;

namespace GroundStation.Orbits.Tests.Elements;

/// <summary>Known TLEs and helpers to build malformed variants of them.</summary>
internal static class TleText
{
    // ISS (Skyfield documentation example).
    public const string IssLine1 = "1 25544U 98067A   14020.93268519  .00009878  00000-0  18200-3 0  5082";
    public const string IssLine2 = "2 25544  51.6498 109.4756 0003572  55.9686 274.8005 15.49815350868473";

    // Vanguard 1 (Vallado's TEME example).
    public const string VanguardLine1 = "1 00005U 58002B   00179.78495062  .00000023  00000-0  28098-4 0  4753";
    public const string VanguardLine2 = "2 00005  34.2682 348.7242 1859667 331.7664  19.3264 10.82419157413667";

    /// <summary>Replaces columns <paramref name="first"/>..(first + text.Length - 1) (1-based) and repairs the checksum.</summary>
    public static string Patch(string line, int first, string text) =>
        WithChecksum(string.Concat(line.AsSpan(0, first - 1), text, line.AsSpan(first - 1 + text.Length)));

    /// <summary>The line with column 69 set to its correct checksum (the checksum of columns 1-68).</summary>
    public static string WithChecksum(string line)
    {
        var sum = 0;
        foreach (var c in line.AsSpan(0, 68))
        {
            sum += char.IsAsciiDigit(c) ? c - '0' : c == '-' ? 1 : 0;
        }

        return string.Concat(line.AsSpan(0, 68), ((char)('0' + (sum % 10))).ToString());
    }
}
