using System.CommandLine;
using System.Globalization;
using System.Net;
using GroundStation.Frames.Kiss;
using GroundStation.Simulators.Satellite;
using Microsoft.Extensions.Logging;

namespace GroundStation.Simulators.Tnc;

/// <summary>
/// <c>gs-sim tnc</c>: a KISS-over-TCP TNC whose radio hears the spacecraft of a TLE file while they are in view of
/// the station, and transmits telecommands to them. The spacecraft run in-process on the same simulated clock.
/// </summary>
internal static class TncCommand
{
    public static Command Create()
    {
        var options = new SimulationOptions();
        var listen = new Option<string>("--listen") { Description = "HOST:PORT to serve KISS over TCP on (Dire Wolf's default is 127.0.0.1:8001; port 0 picks one)." };
        var kissPort = new Option<int>("--kiss-port") { Description = "KISS port (radio channel) of the frames, 0-15 (default 0)." };
        var deliverCorrupted = new Option<bool>("--deliver-corrupted") { Description = "Hand frames that fail their FCS to clients instead of discarding them." };
        var until = new Option<string>("--until") { Description = "Stop when the simulated clock reaches this ISO-8601 instant (default: run until Ctrl-C)." };
        var command = new Command("tnc", "Simulated KISS TNC over TCP, delivering simulated spacecraft's frames while they are in view.");
        options.AddTo(command);
        command.Options.Add(listen);
        command.Options.Add(kissPort);
        command.Options.Add(deliverCorrupted);
        command.Options.Add(until);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(command.Name, async () =>
        {
            var endpoint = ParseEndpoint(parse.GetValue(listen));
            var port = parse.GetValue(kissPort);
            if (port is < 0 or > KissPort.MaxValue)
            {
                throw new SimulatorInputException($"--kiss-port: {port} is not between 0 and {KissPort.MaxValue}.");
            }

            var setup = options.Resolve(parse, TimeProvider.System);
            var stopAt = CommandRunner.ParseInstant(parse.GetValue(until), "--until");
            using var loggers = new StderrLoggerFactory(LogLevel.Information, setup.Clock);
            await using var tnc = new SimulatedKissTnc(endpoint,
                new SimulatedKissTncOptions { Port = new KissPort((byte)port), DeliverCorruptedFrames = parse.GetValue(deliverCorrupted) },
                loggers.CreateLogger<SimulatedKissTnc>());
            await using var segment = new SimulatedSpaceSegment(setup.Spacecraft, setup.Segment, setup.Clock, loggers);
            foreach (var link in segment.AddStation(setup.Site, tnc))
            {
                tnc.Attach(link);
            }

            tnc.Start();
            segment.Start();
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"listening on {tnc.LocalEndpoint} with {segment.Links.Count} spacecraft ({string.Join(", ", segment.Links.Select(l => l.Satellite.Callsign))}) from {setup.Clock.GetUtcNow():O} at {setup.Clock.Speed}x"));
            await CommandRunner.RunUntilAsync(setup.Clock, stopAt, cancellationToken);
        }));
        return command;
    }

    private static IPEndPoint ParseEndpoint(string? text)
    {
        if (text is null)
        {
            throw new SimulatorInputException("missing required option --listen.");
        }

        if (text.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase))
        {
            text = "127.0.0.1" + text["localhost".Length..];
        }

        return IPEndPoint.TryParse(text, out var endpoint) && text.Contains(':', StringComparison.Ordinal)
            ? endpoint
            : throw new SimulatorInputException($"--listen: '{text}' is not HOST:PORT with an IP address (or localhost), such as 127.0.0.1:8001.");
    }
}
