using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using GroundStation.Core.Hosting;
using Microsoft.Extensions.Logging;

namespace GroundStation.Host;

/// <summary><c>gs serve</c>: the core service until Ctrl-C or SIGTERM.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Data directory (IAM, contacts, schedule, commands, telemetry, broker, keys).", Required = true };
        var http = new Option<string>("--http") { Description = "HTTP listen URL for the API, IAM and console.", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var brokerListen = new Option<string?>("--broker-listen") { Description = "Run the embedded MQTT broker on HOST:PORT (default 127.0.0.1:1883 unless --broker-url)." };
        var brokerUrl = new Option<string?>("--broker-url") { Description = "Use an external MQTT broker, mqtt://HOST:PORT, instead of the embedded one." };
        var influx = new Option<string?>("--influx-url") { Description = "InfluxDB v1 HTTP API base URL (e.g. http://127.0.0.1:8086) to also keep telemetry in." };
        var influxDatabase = new Option<string>("--influx-database") { Description = "InfluxDB database.", DefaultValueFactory = _ => "groundstation" };
        var logLevel = new Option<LogLevel>("--log-level") { Description = "Least severe log level written.", DefaultValueFactory = _ => LogLevel.Information };
        var clock = new ClockOptions(1);
        var command = new Command("serve", "Run the core: API, IAM, embedded broker, scheduling, contacts, commanding, telemetry, console.")
        {
            data, http, brokerListen, brokerUrl, influx, influxDatabase, logLevel,
        };
        clock.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            CoreServerSettings settings;
            try
            {
                settings = new CoreServerSettings
                {
                    DataDirectory = parse.GetValue(data)!,
                    HttpListen = ParseHttp(parse.GetValue(http)!),
                    EmbeddedBroker = parse.GetValue(brokerUrl) is null
                        ? BrokerCommand.ParseEndPoint(parse.GetValue(brokerListen) ?? "127.0.0.1:1883", "--broker-listen")
                        : null,
                    ExternalBroker = parse.GetValue(brokerUrl) is { } url ? ParseBrokerUrl(url, parse.GetValue(brokerListen)) : null,
                    InfluxUrl = parse.GetValue(influx) is { } i ? ParseUrl(i, "--influx-url") : null,
                    InfluxDatabase = parse.GetValue(influxDatabase)!,
                    Time = clock.Build(parse, TimeProvider.System.GetUtcNow()),
                    LogLevel = parse.GetValue(logLevel),
                };
                settings.Validate();
            }
            catch (ArgumentException exception)
            {
                // The message already names the option; the " (Parameter 'X')" the runtime appends names a C# property.
                var message = exception.ParamName is { } name ? exception.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : exception.Message;
                await System.Console.Error.WriteLineAsync($"gs serve: {message}");
                return 2;
            }

            using var stop = ShutdownSignal.Create(cancellationToken);
            CoreServer server;
            try
            {
                server = await CoreServer.StartAsync(settings, stop.Token);
            }
            catch (Exception exception) when (exception is IOException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException)
            {
                await System.Console.Error.WriteLineAsync($"gs serve: {exception.Message}");
                return 1;
            }

            await using (server)
            {
                if (server.Keys.BootstrapAdminKey is { } admin)
                {
                    await System.Console.Error.WriteLineAsync("First start: the admin key (shown once; store it in a secret manager):");
                    await System.Console.Out.WriteLineAsync(admin);
                }

                await System.Console.Error.WriteLineAsync($"gs serve: API and console on {server.HttpUri}, OpenAPI at {new Uri(server.HttpUri, CoreServer.OpenApiPath)}; Ctrl-C stops");
                await stop.WaitAsync();
                await System.Console.Error.WriteLineAsync("gs serve: stopping");
            }

            return 0;
        });
        return command;
    }

    internal static IPEndPoint ParseHttp(string value)
    {
        var uri = ParseUrl(value, "--http");
        if (uri.Scheme != "http" || uri.AbsolutePath != "/")
        {
            throw new ArgumentException($"--http '{value}' must be http://HOST:PORT (TLS belongs to a reverse proxy in front of the core).");
        }

        return BrokerCommand.ParseEndPoint($"{uri.Host}:{uri.Port}", "--http");
    }

    private static DnsEndPoint ParseBrokerUrl(string value, string? listen)
    {
        if (listen is not null)
        {
            throw new ArgumentException("--broker-url and --broker-listen exclude each other: use an external broker or the embedded one.");
        }

        var uri = ParseUrl(value, "--broker-url");
        if (uri.Scheme != "mqtt" || uri.Port <= 0)
        {
            throw new ArgumentException($"--broker-url '{value}' must be mqtt://HOST:PORT.");
        }

        return new DnsEndPoint(uri.Host, uri.Port);
    }

    private static Uri ParseUrl(string value, string option) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : throw new ArgumentException($"{option} '{value}' is not an absolute URL.");
}

/// <summary>Ctrl-C and SIGTERM as one cancellation, so `gs serve` and `gs demo` stop cleanly under a terminal or systemd.</summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration _term;
    private readonly PosixSignalRegistration _int;

    private ShutdownSignal(CancellationToken outer)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        _int = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
    }

    public CancellationToken Token => _stop.Token;

    public static ShutdownSignal Create(CancellationToken outer) => new(outer);

    public async Task WaitAsync()
    {
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            // The signal: the caller stops everything next.
        }
    }

    public void Dispose()
    {
        _term.Dispose();
        _int.Dispose();
        _stop.Dispose();
    }

    private void OnSignal(PosixSignalContext signal)
    {
        signal.Cancel = true;
        _stop.Cancel();
    }
}
