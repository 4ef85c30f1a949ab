using System.CommandLine;
using GroundStation.Edge;
using GroundStation.Edge.Configuration;
using GroundStation.Edge.Logging;
using Microsoft.Extensions.Logging;

// `gs-edge`: the edge agent. Exit codes: 0 stopped cleanly, 2 bad configuration or options, 1 failed.
var config = new Option<string>("--config") { Description = "The JSON configuration file (docs/EDGE.md); GS_EDGE_* variables override it.", Required = true };
var speed = new Option<double?>("--speed") { Description = "Simulated seconds per real second (shared simulated clock)." };
var start = new Option<string?>("--start") { Description = "Simulated instant at the anchor, ISO-8601." };
var startWall = new Option<string?>("--start-wall") { Description = "Wall-clock instant of the anchor, ISO-8601 (default: now)." };
var check = new Option<bool>("--check") { Description = "Validate the configuration and exit." };
var verbose = new Option<bool>("--verbose") { Description = "Log debug detail." };
var root = new RootCommand("GroundStation edge agent: runs the station's pass plan autonomously beside the antenna.")
{
    config, speed, start, startWall, check, verbose,
};
root.SetAction(async (parse, cancellationToken) =>
{
    EdgeConfiguration configuration;
    TimeProvider passClock;
    try
    {
        passClock = ClockOptions.Create(parse.GetValue(speed), parse.GetValue(start), parse.GetValue(startWall), TimeProvider.System);
        configuration = ConfigurationLoader.Load(parse.GetValue(config)!, ConfigurationLoader.ProcessEnvironment());
    }
    catch (ConfigurationException error)
    {
        foreach (var line in error.Errors)
        {
            await Console.Error.WriteLineAsync($"gs-edge: error: {line}");
        }

        return 2;
    }

    if (parse.GetValue(check))
    {
        await Console.Out.WriteLineAsync($"gs-edge: configuration of station {configuration.Station.Id} is valid.");
        return 0;
    }

    using var loggers = new ConsoleLoggerProvider(parse.GetValue(verbose) ? LogLevel.Debug : LogLevel.Information, passClock);
    // SIGTERM (systemd stop) ends the agent as cleanly as Ctrl-C: presence Offline, DISCONNECT, spool closed.
    using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
    {
        context.Cancel = true;
        stopping.Cancel();
    });
    try
    {
        await new EdgeAgent(configuration, passClock, TimeProvider.System, loggers).RunAsync(stopping.Token);
        return 0;
    }
    catch (ConfigurationException error)
    {
        foreach (var line in error.Errors)
        {
            await Console.Error.WriteLineAsync($"gs-edge: error: {line}");
        }

        return 2;
    }
});
// Stopping (presence Offline, DISCONNECT, spool and databases closed) may take a few seconds; SIGTERM waits for it.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(15) });
