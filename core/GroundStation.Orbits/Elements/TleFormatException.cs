using System.Globalization;

namespace GroundStation.Orbits.Elements;

/// <summary>
/// A TLE that does not follow the format. The message names the TLE line (1 or 2), the columns (1-based, as the
/// format is documented) and what was expected there, so an operator can find and fix the entry.
/// </summary>
public sealed class TleFormatException : FormatException
{
    /// <summary>Creates the error for a field of a TLE line.</summary>
    /// <param name="lineNumber">The TLE line (1 or 2), or null when the problem is not tied to one line.</param>
    /// <param name="firstColumn">First column of the field (1-based), or null.</param>
    /// <param name="lastColumn">Last column of the field (1-based), or null.</param>
    /// <param name="expected">What the format requires there, and what was found.</param>
    public TleFormatException(int? lineNumber, int? firstColumn, int? lastColumn, string expected)
        : base(Describe(lineNumber, firstColumn, lastColumn, expected))
    {
        LineNumber = lineNumber;
        FirstColumn = firstColumn;
        LastColumn = lastColumn;
        Expected = expected;
    }

    /// <summary>Creates the error with a message only (no position known).</summary>
    public TleFormatException()
        : this(null, null, null, "the TLE is malformed")
    {
    }

    /// <summary>Creates the error with a message only (no position known).</summary>
    public TleFormatException(string message)
        : this(null, null, null, message)
    {
    }

    /// <summary>Creates the error with a message only and the cause.</summary>
    public TleFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Expected = message;
    }

    /// <summary>The TLE line (1 or 2) the problem is on, when known.</summary>
    public int? LineNumber { get; }

    /// <summary>First column of the offending field (1-based), when known.</summary>
    public int? FirstColumn { get; }

    /// <summary>Last column of the offending field (1-based), when known.</summary>
    public int? LastColumn { get; }

    /// <summary>What was expected (and found).</summary>
    public string Expected { get; } = string.Empty;

    private static string Describe(int? line, int? first, int? last, string expected)
    {
        var where = line is null ? "TLE" : string.Create(CultureInfo.InvariantCulture, $"TLE line {line}");
        if (first is not null)
        {
            where += first == last || last is null
                ? string.Create(CultureInfo.InvariantCulture, $", column {first}")
                : string.Create(CultureInfo.InvariantCulture, $", columns {first}-{last}");
        }

        return $"{where}: {expected}";
    }
}
