using System.Globalization;
using GroundStation.Simulators.Hamlib;

namespace GroundStation.Simulators.Rotators;

/// <summary>
/// rotctld's command set over a <see cref="SimulatedRotator"/>: P/p, S, K, M, _, <c>\dump_state</c> (what
/// <c>rotctl -m 2</c> reads when it connects). Positions outside the limits, and NaN, are refused with RPRT -1
/// (EINVAL); injected faults answer RPRT -6 (EIO).
/// </summary>
public static class RotctldCommands
{
    private const int InvalidArgument = 1;
    private const int IOError = 6;

    /// <summary>Builds the responder for <paramref name="rotator"/>.</summary>
    public static HamlibResponder CreateResponder(SimulatedRotator rotator)
    {
        ArgumentNullException.ThrowIfNull(rotator);
        return new HamlibResponder(
        [
            new('P', "set_pos", 2, false, a => Faulted(rotator) ?? SetPosition(rotator, a)),
            new('p', "get_pos", 0, false, _ => Faulted(rotator) ?? GetPosition(rotator)),
            new('S', "stop", 0, false, _ => Faulted(rotator) ?? Run(rotator.Stop)),
            new('K', "park", 0, false, _ => Faulted(rotator) ?? (rotator.Park() ? HamlibResult.Ok : HamlibResult.Error(InvalidArgument))),
            new('M', "move", 2, false, a => Faulted(rotator) ?? Move(rotator, a)),
            new('_', "get_info", 0, false, _ => HamlibResult.With(("Info", "GroundStation simulated rotator"))),
            new('\0', "dump_state", 0, false, _ => DumpState(rotator)),
        ]);
    }

    private static HamlibResult? Faulted(SimulatedRotator rotator) =>
        rotator.NextCommandFaults() ? HamlibResult.Error(IOError) : null;

    private static HamlibResult Run(Action action)
    {
        action();
        return HamlibResult.Ok;
    }

    private static HamlibResult SetPosition(SimulatedRotator rotator, string[] arguments) =>
        TryNumber(arguments[0], out var azimuth) && TryNumber(arguments[1], out var elevation) && rotator.Command(azimuth, elevation)
            ? HamlibResult.Ok
            : HamlibResult.Error(InvalidArgument);

    private static HamlibResult GetPosition(SimulatedRotator rotator)
    {
        var position = rotator.Position;
        return HamlibResult.With(("Azimuth", Format(position.Azimuth.Degrees)), ("Elevation", Format(position.Elevation.Degrees)));
    }

    // Hamlib directions: 2 up, 4 down, 8 counter-clockwise, 16 clockwise; the speed (1..100) is accepted and ignored.
    private static HamlibResult Move(SimulatedRotator rotator, string[] arguments)
    {
        if (!int.TryParse(arguments[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var direction) ||
            !int.TryParse(arguments[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var speed) || speed is < 1 or > 100)
        {
            return HamlibResult.Error(InvalidArgument);
        }

        switch (direction)
        {
            case 2:
                rotator.Move(0, 1);
                break;
            case 4:
                rotator.Move(0, -1);
                break;
            case 8:
                rotator.Move(-1, 0);
                break;
            case 16:
                rotator.Move(1, 0);
                break;
            default:
                return HamlibResult.Error(InvalidArgument);
        }

        return HamlibResult.Ok;
    }

    private static HamlibResult DumpState(SimulatedRotator rotator)
    {
        var limits = rotator.Limits;
        return HamlibResult.With(
            (null, "1"),
            (null, "1"),
            (null, "min_az=" + Format6(limits.MinAzimuth.Degrees)),
            (null, "max_az=" + Format6(limits.MaxAzimuth.Degrees)),
            (null, "min_el=" + Format6(limits.MinElevation.Degrees)),
            (null, "max_el=" + Format6(limits.MaxElevation.Degrees)),
            (null, "south_zero=0"),
            (null, "rot_type=AzEl"),
            (null, "done"));
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static string Format(double degrees) => degrees.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Format6(double degrees) => degrees.ToString("0.000000", CultureInfo.InvariantCulture);
}
