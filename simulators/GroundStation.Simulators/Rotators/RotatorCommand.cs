using System.CommandLine;
using System.Globalization;
using GroundStation.Hardware.Rotators;
using GroundStation.Hardware.Serial;
using GroundStation.Simulators.Hamlib;
using GroundStation.Simulators.Pty;
using Microsoft.Extensions.Logging;

namespace GroundStation.Simulators.Rotators;

/// <summary>
/// <c>gs-sim rotator</c>: a simulated az/el rotator speaking GS-232A/B on a pty or a tty, or rotctld's protocol on TCP.
/// The first line on standard output is the pty path, the device path, or the listening endpoint.
/// </summary>
public static class RotatorCommand
{
    /// <summary>Builds the subcommand.</summary>
    public static Command Create()
    {
        var protocol = new Option<string>("--protocol") { Description = "gs232a, gs232b or rotctld", Required = true };
        protocol.AcceptOnlyFromAmong("gs232a", "gs232b", "rotctld");
        var pty = new Option<bool>("--pty") { Description = "GS-232: create a pseudo-terminal and print its path" };
        var device = new Option<string?>("--device") { Description = "GS-232: serve on this existing tty (e.g. one end of a socat pair)" };
        var listen = new Option<string?>("--listen") { Description = "rotctld: HOST:PORT to listen on (port 0 picks one)" };
        var baud = new Option<int>("--baud") { Description = "GS-232 serial speed", DefaultValueFactory = _ => 9600 };
        var azimuthRate = new Option<double>("--az-rate") { Description = "Azimuth slew rate, degrees per second", DefaultValueFactory = _ => 6 };
        var elevationRate = new Option<double>("--el-rate") { Description = "Elevation slew rate, degrees per second", DefaultValueFactory = _ => 3 };
        var minAzimuth = new Option<double>("--min-az") { Description = "Mechanical minimum azimuth", DefaultValueFactory = _ => 0 };
        var maxAzimuth = new Option<double>("--max-az") { Description = "Mechanical maximum azimuth", DefaultValueFactory = _ => 450 };
        var minElevation = new Option<double>("--min-el") { Description = "Mechanical minimum elevation", DefaultValueFactory = _ => 0 };
        var maxElevation = new Option<double>("--max-el") { Description = "Mechanical maximum elevation", DefaultValueFactory = _ => 180 };
        var stallAfter = new Option<double?>("--stall-after") { Description = "Freeze both axes after this many simulated seconds (stall injection)" };
        var faultEvery = new Option<int>("--fault-every") { Description = "Answer every Nth command with the protocol's error (0: never)" };
        var speed = new Option<double>("--speed") { Description = "Simulated seconds per real second", DefaultValueFactory = _ => 1 };
        var start = new Option<DateTimeOffset?>("--start") { Description = "Simulated start instant (ISO-8601); default now" };
        var verbose = new Option<bool>("--verbose") { Description = "Log every exchange on standard error" };

        var command = new Command("rotator", "A simulated az/el rotator: GS-232A/B on a serial line, or a rotctld-compatible TCP server.")
        {
            protocol, pty, device, listen, baud, azimuthRate, elevationRate, minAzimuth, maxAzimuth, minElevation, maxElevation,
            stallAfter, faultEvery, speed, start, verbose,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var logger = new StderrLogger("gs-sim rotator", result.GetValue(verbose) ? LogLevel.Debug : LogLevel.Information);
            SimulatedRotator rotator;
            try
            {
                var stall = result.GetValue(stallAfter);
                rotator = new SimulatedRotator(
                    new SimulatedRotatorOptions
                    {
                        Limits = RotatorLimits.FromDegrees(result.GetValue(minAzimuth), result.GetValue(maxAzimuth),
                            result.GetValue(minElevation), result.GetValue(maxElevation)),
                        AzimuthRate = result.GetValue(azimuthRate),
                        ElevationRate = result.GetValue(elevationRate),
                        StallAfter = stall is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                        FaultEvery = result.GetValue(faultEvery),
                    },
                    SimulatorClock.Create(result.GetValue(speed), result.GetValue(start)));
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync("gs-sim rotator: " + ex.Message);
                return 2;
            }

            var name = result.GetValue(protocol)!;
            var serialOptions = result.GetValue(pty) || result.GetValue(device) is not null;
            if (name == "rotctld" ? serialOptions : result.GetValue(listen) is not null)
            {
                await Console.Error.WriteLineAsync(
                    "gs-sim rotator: --pty and --device go with gs232a/gs232b, --listen with rotctld.");
                return 2;
            }

            if (name == "rotctld")
            {
                return await ServeRotctldAsync(rotator, result.GetValue(listen), logger, cancellationToken);
            }

            var dialect = name == "gs232a" ? Gs232Dialect.A : Gs232Dialect.B;
            return await ServeGs232Async(rotator, dialect, result.GetValue(pty), result.GetValue(device), result.GetValue(baud), logger, cancellationToken);
        });
        return command;
    }

    private static async Task<int> ServeRotctldAsync(SimulatedRotator rotator, string? listen, ILogger logger, CancellationToken cancellationToken)
    {
        if (listen is null)
        {
            await Console.Error.WriteLineAsync("gs-sim rotator: --protocol rotctld needs --listen HOST:PORT.");
            return 2;
        }

        System.Net.IPEndPoint endpoint;
        try
        {
            endpoint = ListenAddress.Parse(listen);
        }
        catch (FormatException ex)
        {
            await Console.Error.WriteLineAsync("gs-sim rotator: --listen: " + ex.Message);
            return 2;
        }

        await using var server = new HamlibTcpServer(endpoint, RotctldCommands.CreateResponder(rotator), logger);
        await server.RunAsync(cancellationToken, async () =>
        {
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"listening on {server.Endpoint}"));
            await Console.Out.FlushAsync(cancellationToken);
        });
        return 0;
    }

    private static async Task<int> ServeGs232Async(SimulatedRotator rotator, Gs232Dialect dialect, bool pty, string? device, int baud,
        ILogger logger, CancellationToken cancellationToken)
    {
        if (pty == (device is not null))
        {
            await Console.Error.WriteLineAsync("gs-sim rotator: GS-232 needs exactly one of --pty or --device PATH.");
            return 2;
        }

        if (!rotator.Limits.IsWithin(Gs232Rotator.ProtocolRange))
        {
            await Console.Error.WriteLineAsync($"gs-sim rotator: GS-232 limits must lie within {Gs232Rotator.ProtocolRange}.");
            return 2;
        }

        PseudoTerminal? terminal = null;
        SerialLine? line = null;
        try
        {
            var settings = new SerialSettings { BaudRate = baud };
            if (pty)
            {
                terminal = PseudoTerminal.Open(settings);
            }
            else
            {
                line = SerialLine.Open(device!, settings);
            }

            await Console.Out.WriteLineAsync(terminal?.SlavePath ?? device);
            await Console.Out.FlushAsync(cancellationToken);
            var server = new Gs232SerialServer(rotator, dialect, logger);
            await server.RunAsync((terminal?.Master ?? line!).Stream, cancellationToken);
            return 0;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException)
        {
            await Console.Error.WriteLineAsync("gs-sim rotator: " + ex.Message);
            return 1;
        }
        finally
        {
            terminal?.Dispose();
            line?.Dispose();
        }
    }
}
