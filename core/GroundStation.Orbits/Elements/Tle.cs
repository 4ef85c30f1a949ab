namespace GroundStation.Orbits.Elements;

/// <summary>A two-line element set as read (the lines, trimmed to 69 columns), with its parsed elements.</summary>
/// <param name="Line1">Line 1, 69 characters.</param>
/// <param name="Line2">Line 2, 69 characters.</param>
/// <param name="Name">The name line of a 3LE (without a leading "0 "), or null.</param>
/// <param name="Elements">The parsed elements.</param>
public sealed record Tle(string Line1, string Line2, string? Name, OrbitalElements Elements);
