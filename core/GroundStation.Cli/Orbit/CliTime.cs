using System.Globalization;

namespace GroundStation.Cli.Orbit;

/// <summary>ISO-8601 UTC times as the orbit commands read and write them.</summary>
internal static class CliTime
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd",
    ];

    /// <summary>Parses an ISO-8601 time; no offset means UTC. Throws a one-line error naming the option.</summary>
    public static DateTimeOffset Parse(string text, string optionName)
    {
        if (DateTimeOffset.TryParseExact(
                text.Trim(),
                Formats,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                out var value))
        {
            return value;
        }

        throw new CliInputException($"{optionName}: '{text}' is not an ISO-8601 time such as 2014-01-23T00:00:00Z.");
    }

    /// <summary>Formats a UTC time to the millisecond, e.g. 2014-01-23T06:25:37.123Z.</summary>
    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
