namespace GroundStation.Orbits.Passes;

/// <summary>A non-empty interval of UTC time [Start, End].</summary>
public sealed record TimeWindow
{
    /// <summary>Creates a window; <paramref name="end"/> must be after <paramref name="start"/>.</summary>
    public TimeWindow(DateTimeOffset start, DateTimeOffset end)
    {
        if (end <= start)
        {
            throw new ArgumentException($"The window's end {end:O} is not after its start {start:O}.", nameof(end));
        }

        Start = start.ToUniversalTime();
        End = end.ToUniversalTime();
    }

    /// <summary>First instant of the window.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Last instant of the window.</summary>
    public DateTimeOffset End { get; }

    /// <summary>Length of the window.</summary>
    public TimeSpan Duration => End - Start;
}
