using System.CommandLine;
using System.Globalization;
using GroundStation.Simulators.Hamlib;
using Microsoft.Extensions.Logging;

namespace GroundStation.Simulators.Radios;

/// <summary><c>gs-sim radio</c>: a rigctld-compatible two-VFO radio on TCP. The first output line is the listening endpoint.</summary>
public static class RadioCommand
{
    /// <summary>Builds the subcommand.</summary>
    public static Command Create()
    {
        var listen = new Option<string>("--listen") { Description = "HOST:PORT to listen on (port 0 picks one)", Required = true };
        var vfoMode = new Option<bool>("--vfo") { Description = "Behave as rigctld --vfo: commands name their VFO" };
        var verbose = new Option<bool>("--verbose") { Description = "Log debug detail on standard error" };
        var command = new Command("radio", "A simulated radio speaking rigctld's protocol (F/f, M/m, V/v, T/t, \\chk_vfo, \\dump_state).")
        {
            listen, vfoMode, verbose,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            System.Net.IPEndPoint endpoint;
            try
            {
                endpoint = ListenAddress.Parse(result.GetValue(listen)!);
            }
            catch (FormatException ex)
            {
                await Console.Error.WriteLineAsync("gs-sim radio: --listen: " + ex.Message);
                return 2;
            }

            var logger = new StderrLogger("gs-sim radio", result.GetValue(verbose) ? LogLevel.Debug : LogLevel.Information);
            await using var server = new HamlibTcpServer(endpoint, RigctldCommands.CreateResponder(new SimulatedRadio(), result.GetValue(vfoMode)), logger);
            await server.RunAsync(cancellationToken, () =>
                Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"listening on {server.Endpoint}")));
            return 0;
        });
        return command;
    }
}
