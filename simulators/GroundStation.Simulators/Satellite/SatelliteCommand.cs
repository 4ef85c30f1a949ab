using System.CommandLine;
using System.Globalization;
using GroundStation.Frames.Ax25;
using Microsoft.Extensions.Logging;

namespace GroundStation.Simulators.Satellite;

/// <summary>
/// <c>gs-sim satellite</c>: the spacecraft of a TLE file over one station, standalone. Prints every frame as it
/// arrives at the station's antenna: sent-at, AX.25 header, elevation, on-air bytes with FCS.
/// </summary>
internal static class SatelliteCommand
{
    public static Command Create()
    {
        var options = new SimulationOptions();
        var until = new Option<string>("--until") { Description = "Stop when the simulated clock reaches this ISO-8601 instant (default: run until Ctrl-C)." };
        var command = new Command("satellite", "Simulated spacecraft on a TLE: prints the beacons a station would hear while they are in view.");
        options.AddTo(command);
        command.Options.Add(until);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(command.Name, async () =>
        {
            var setup = options.Resolve(parse, TimeProvider.System);
            var stopAt = CommandRunner.ParseInstant(parse.GetValue(until), "--until");
            using var loggers = new StderrLoggerFactory(LogLevel.Information, setup.Clock);
            await using var segment = new SimulatedSpaceSegment(setup.Spacecraft, setup.Segment, setup.Clock, loggers);
            segment.AddStation(setup.Site, new PrintingSink());
            segment.Start();
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"simulating {segment.Links.Count} spacecraft from {setup.Clock.GetUtcNow():O} at {setup.Clock.Speed}x"));
            await CommandRunner.RunUntilAsync(setup.Clock, stopAt, cancellationToken);
        }));
        return command;
    }

    /// <summary>Writes each frame on one line of standard output.</summary>
    private sealed class PrintingSink : IDownlinkSink
    {
        private readonly Lock _gate = new();

        public void Deliver(DownlinkFrame frame)
        {
            var decoded = Ax25Codec.Decode(frame.OnAirFrame.Span, Ax25Fcs.Present);
            var header = decoded.IsSuccess ? $"{decoded.Value.Source}>{decoded.Value.Destination}" : $"{frame.Satellite}>? ({decoded.Error!.Kind})";
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{frame.SentAt:yyyy-MM-ddTHH:mm:ss.fffZ} {header} el={frame.Geometry.ElevationDegrees:F1} {Convert.ToHexString(frame.OnAirFrame.Span)}");
            lock (_gate)
            {
                Console.Out.WriteLine(line);
            }
        }
    }
}
