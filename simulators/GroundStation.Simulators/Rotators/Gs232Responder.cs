using System.Globalization;
using System.Text.RegularExpressions;
using GroundStation.Hardware.Rotators;

namespace GroundStation.Simulators.Rotators;

/// <summary>
/// The GS-232A/B command set over a <see cref="SimulatedRotator"/>, one command line in, the controller's exact reply
/// out: data replies end with CR LF, others with CR, an invalid command gets <c>?&gt;</c> CR, an empty line nothing.
/// Hamlib's gs232b backend sends an extra CR after each command without reply, which is why empty lines are ignored.
/// </summary>
public sealed partial class Gs232Responder(SimulatedRotator rotator, Gs232Dialect dialect)
{
    private const string Acknowledge = "\r";
    private const string Invalid = "?>\r";

    /// <summary>Answers one command (without its CR); null when the controller sends nothing.</summary>
    public string? Respond(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command = command.Trim().ToUpperInvariant();
        if (command.Length == 0)
        {
            return null;
        }

        if (rotator.NextCommandFaults())
        {
            return Invalid;
        }

        switch (command)
        {
            case "C2":
                var position = rotator.Position;
                return dialect == Gs232Dialect.A
                    ? $"+0{Degrees(position.Azimuth.Degrees)}+0{Degrees(position.Elevation.Degrees)}\r\n"
                    : $"AZ={Degrees(position.Azimuth.Degrees)}  EL={Degrees(position.Elevation.Degrees)}\r\n";
            case "C":
                var azimuth = Degrees(rotator.Position.Azimuth.Degrees);
                return dialect == Gs232Dialect.A ? $"+0{azimuth}\r\n" : $"AZ={azimuth}\r\n";
            case "B":
                var elevation = Degrees(rotator.Position.Elevation.Degrees);
                return dialect == Gs232Dialect.A ? $"+0{elevation}\r\n" : $"EL={elevation}\r\n";
            case "S":
                rotator.Stop();
                return Acknowledge;
            case "A":
                rotator.StopAxes(azimuth: true, elevation: false);
                return Acknowledge;
            case "E":
                rotator.StopAxes(azimuth: false, elevation: true);
                return Acknowledge;
            case "R":
                rotator.Move(1, 0);
                return Acknowledge;
            case "L":
                rotator.Move(-1, 0);
                return Acknowledge;
            case "U":
                rotator.Move(0, 1);
                return Acknowledge;
            case "D":
                rotator.Move(0, -1);
                return Acknowledge;
            default:
                return Parameterised(command);
        }
    }

    private string Parameterised(string command)
    {
        if (GoTo().Match(command) is { Success: true } goTo)
        {
            return rotator.Command(Number(goTo.Groups[1].Value), Number(goTo.Groups[2].Value)) ? Acknowledge : Invalid;
        }

        if (AzimuthOnly().Match(command) is { Success: true } azimuthOnly)
        {
            return rotator.Command(Number(azimuthOnly.Groups[1].Value), rotator.Target.Elevation.Degrees) ? Acknowledge : Invalid;
        }

        if (Speed().Match(command) is { Success: true } speed)
        {
            rotator.SetSpeedFraction(Number(speed.Groups[1].Value) / 4.0);
            return Acknowledge;
        }

        return Invalid;
    }

    private static string Degrees(double value) =>
        ((int)Math.Clamp(Math.Round(value, MidpointRounding.AwayFromZero), 0, 999)).ToString("000", CultureInfo.InvariantCulture);

    private static int Number(string digits) => int.Parse(digits, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^W(\d{3}) (\d{3})$")]
    private static partial Regex GoTo();

    [GeneratedRegex(@"^M(\d{3})$")]
    private static partial Regex AzimuthOnly();

    [GeneratedRegex(@"^X([1-4])$")]
    private static partial Regex Speed();
}
