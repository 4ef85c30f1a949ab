using System.CommandLine;
using GroundStation.Host.Demo;
using Microsoft.Extensions.Logging;

namespace GroundStation.Host;

/// <summary><c>gs demo</c>: the whole network on one machine, on simulated time, until Ctrl-C.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "Data directory (default: a new temporary directory, deleted on exit)." };
        var http = new Option<string>("--http") { Description = "HTTP listen URL of the core (API, console).", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var broker = new Option<string>("--broker-listen") { Description = "Embedded MQTT broker HOST:PORT.", DefaultValueFactory = _ => "127.0.0.1:1883" };
        var satellites = new Option<int>("--satellites") { Description = "Simulated satellites (1-20).", DefaultValueFactory = _ => 6 };
        var verbose = new Option<bool>("--verbose") { Description = "Log the core and the agents at Information." };
        var clock = new ClockOptions(60);
        var command = new Command("demo", "Run the core, IAM, the broker, three simulated stations with gs-edge agents and simulated satellites, on simulated time.")
        {
            data, http, broker, satellites, verbose,
        };
        clock.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            DemoOptions options;
            var temporary = parse.GetValue(data) is null;
            var directory = parse.GetValue(data) ?? Directory.CreateTempSubdirectory("gs-demo-").FullName;
            var level = parse.GetValue(verbose) ? LogLevel.Information : LogLevel.Warning;
            using var loggers = LoggerFactory.Create(logging => logging.SetMinimumLevel(level).AddSimpleConsole(c =>
            {
                c.SingleLine = true;
                c.TimestampFormat = "HH:mm:ss ";
                c.UseUtcTimestamp = true;
            }));
            try
            {
                var (start, _, speed) = clock.Anchor(parse, TimeProvider.System.GetUtcNow());
                if (parse.GetValue(satellites) is < 1 or > 20)
                {
                    throw new ArgumentException($"--satellites {parse.GetValue(satellites)} must be between 1 and 20.");
                }

                options = new DemoOptions
                {
                    DataDirectory = directory,
                    Speed = speed,
                    Start = start,
                    HttpListen = ServeCommand.ParseHttp(parse.GetValue(http)!),
                    BrokerListen = BrokerCommand.ParseEndPoint(parse.GetValue(broker)!, "--broker-listen"),
                    SatelliteCount = parse.GetValue(satellites),
                    CoreLogLevel = level,
                    Loggers = loggers,
                };
            }
            catch (ArgumentException exception)
            {
                await System.Console.Error.WriteLineAsync($"gs demo: {exception.Message}");
                return 2;
            }

            using var stop = ShutdownSignal.Create(cancellationToken);
            var network = await DemoNetwork.StartAsync(options, stop.Token);
            await using (network)
            {
                System.Console.WriteLine($"gs demo: simulated time {network.Clock.GetUtcNow():yyyy-MM-ddTHH:mm:ssZ} at {options.Speed}x; data in {directory}");
                System.Console.WriteLine($"gs demo: console  {network.Core.HttpUri}  (API {network.Core.HttpUri}api/v1/, OpenAPI {network.Core.HttpUri}openapi/v1.json)");
                System.Console.WriteLine($"gs demo: operator key (alice): {network.Keys.OperatorA}");
                System.Console.WriteLine($"gs demo: second operator (bob): {network.Keys.OperatorB}");
                System.Console.WriteLine($"gs demo: viewer key (vera):     {network.Keys.Viewer}");
                System.Console.WriteLine("gs demo: Ctrl-C stops everything");
                var script = new DemoScript(network, System.Console.Out);
                using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1));
                try
                {
                    while (await tick.WaitForNextTickAsync(stop.Token))
                    {
                        await script.StepAsync(stop.Token);
                        foreach (var failure in network.AgentFailures)
                        {
                            await System.Console.Error.WriteLineAsync($"gs demo: an edge agent stopped: {failure.Message}");
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                    System.Console.WriteLine("gs demo: stopping");
                }
            }

            if (temporary)
            {
                Directory.Delete(directory, recursive: true);
            }

            return 0;
        });
        return command;
    }
}
