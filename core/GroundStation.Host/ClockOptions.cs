using System.CommandLine;
using System.Globalization;
using GroundStation.Time;

namespace GroundStation.Host;

/// <summary>
/// <c>--speed --start --start-wall</c>, shared by every GroundStation executable: several processes given the same three
/// values agree on one simulated clock (<see cref="ScaledTimeProvider.Anchored"/>).
/// </summary>
internal sealed class ClockOptions
{
    public Option<double> Speed { get; } = new("--speed") { Description = "Simulated seconds per real second (1 = real time)." };

    public Option<string?> Start { get; } = new("--start") { Description = "Simulated instant (ISO 8601 UTC) at --start-wall; default: now." };

    public Option<string?> StartWall { get; } = new("--start-wall") { Description = "Real instant (ISO 8601 UTC) the simulation is anchored at; default: now." };

    public ClockOptions(double defaultSpeed) => Speed.DefaultValueFactory = _ => defaultSpeed;

    public void AddTo(Command command)
    {
        command.Options.Add(Speed);
        command.Options.Add(Start);
        command.Options.Add(StartWall);
    }

    /// <summary>The anchor the options describe, for handing to other processes.</summary>
    public (DateTimeOffset Start, DateTimeOffset StartWall, double Speed) Anchor(ParseResult parse, DateTimeOffset now)
    {
        var speed = parse.GetValue(Speed);
        if (!double.IsFinite(speed) || speed <= 0 || speed > 100_000)
        {
            throw new ArgumentException($"--speed {speed.ToString(CultureInfo.InvariantCulture)} must be above 0 and at most 100000.");
        }

        var wall = Instant(parse.GetValue(StartWall), "--start-wall") ?? now;
        var start = Instant(parse.GetValue(Start), "--start") ?? wall;
        return (start, wall, speed);
    }

    /// <summary>The clock: the system clock for real time from now, else the anchored simulated clock.</summary>
    public TimeProvider Build(ParseResult parse, DateTimeOffset now)
    {
        var (start, wall, speed) = Anchor(parse, now);
        return speed == 1 && parse.GetValue(Start) is null ? TimeProvider.System : ScaledTimeProvider.Anchored(start, wall, speed);
    }

    private static DateTimeOffset? Instant(string? value, string option)
    {
        if (value is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant
            : throw new ArgumentException($"{option} '{value}' is not an ISO 8601 instant such as 2026-12-06T09:00:00Z.");
    }
}
