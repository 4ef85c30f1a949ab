using System.Globalization;
using GroundStation.Time;

namespace GroundStation.Edge.Configuration;

/// <summary>
/// The clock the agent runs on: the system clock, or a simulated one shared with other processes
/// (<c>--speed X --start ISO --start-wall ISO</c>, built with <see cref="ScaledTimeProvider.Anchored"/>).
/// </summary>
public static class ClockOptions
{
    /// <summary>Builds the clock from the command-line values; every bad value is named.</summary>
    /// <param name="speed">Simulated seconds per real second, or null for the system clock.</param>
    /// <param name="start">Simulated instant at the anchor.</param>
    /// <param name="startWall">Wall-clock instant of the anchor (default: now).</param>
    /// <param name="system">The real clock.</param>
    /// <exception cref="ConfigurationException">A value is malformed or the combination is incomplete.</exception>
    public static TimeProvider Create(double? speed, string? start, string? startWall, TimeProvider system)
    {
        ArgumentNullException.ThrowIfNull(system);
        var errors = new List<string>();
        if (speed is null && start is null && startWall is null)
        {
            return system;
        }

        var rate = speed ?? 1.0;
        if (!double.IsFinite(rate) || rate <= 0 || rate > 100_000)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"--speed: {rate} is not above 0 and at most 100000"));
        }

        var simulated = Parse(start, "--start", errors);
        var wall = Parse(startWall, "--start-wall", errors);
        if (start is null)
        {
            errors.Add("--start: required with --speed or --start-wall (the simulated instant at the anchor)");
        }

        if (errors.Count > 0)
        {
            throw new ConfigurationException(errors);
        }

        return ScaledTimeProvider.Anchored(simulated!.Value, wall ?? system.GetUtcNow(), rate, system);
    }

    private static DateTimeOffset? Parse(string? text, string option, List<string> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return instant;
        }

        errors.Add($"{option}: '{text}' is not an ISO-8601 instant such as 2026-01-01T00:00:00Z");
        return null;
    }
}
