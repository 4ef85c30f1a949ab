using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GroundStation.Messaging.Broker;
using Microsoft.Extensions.Logging;

namespace GroundStation.Host;

/// <summary>`gs broker`: runs the embedded MQTT broker on its own until Ctrl-C or SIGTERM.</summary>
internal static class BrokerCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var listen = new Option<string>("--listen")
        {
            Description = "TCP listener as HOST:PORT (e.g. 127.0.0.1:1883, 0.0.0.0:1883, [::]:1883).",
            DefaultValueFactory = _ => "127.0.0.1:1883",
        };
        var data = new Option<string?>("--data")
        {
            Description = "Directory of the SQLite store for persistent sessions and retained messages; without it nothing survives a restart.",
        };
        var tlsListen = new Option<string?>("--tls-listen") { Description = "TLS listener as HOST:PORT (needs --cert)." };
        var cert = new Option<string?>("--cert") { Description = "PKCS#12 (.pfx) file with the TLS server certificate and its key." };
        var certPassword = new Option<string?>("--cert-password") { Description = "Password of the --cert file, if any." };
        var maxConnections = new Option<int>("--max-connections")
        {
            Description = "Connections held at once.",
            DefaultValueFactory = _ => new BrokerOptions().MaxConnections,
        };
        var maxPacket = new Option<int>("--max-packet-size")
        {
            Description = "Largest packet accepted, in bytes.",
            DefaultValueFactory = _ => new BrokerOptions().MaxPacketSize,
        };
        var maxInFlight = new Option<int>("--max-inflight")
        {
            Description = "QoS 1/2 messages in flight to one client, unacknowledged.",
            DefaultValueFactory = _ => new BrokerOptions().MaxInFlightPerSession,
        };
        var maxQueued = new Option<int>("--max-queued")
        {
            Description = "QoS 1/2 messages queued for one session (offline, or behind its window) before new ones are dropped.",
            DefaultValueFactory = _ => new BrokerOptions().MaxQueuedPerSession,
        };
        var stallTimeout = new Option<double>("--stall-timeout")
        {
            Description = "Seconds a subscriber may make no progress while publishers wait for it before it counts as stalled (its overflow is then dropped).",
            DefaultValueFactory = _ => new BrokerOptions().SubscriberStallTimeout.TotalSeconds,
        };
        var logLevel = new Option<LogLevel>("--log-level")
        {
            Description = "Least severe log level written to the console.",
            DefaultValueFactory = _ => LogLevel.Information,
        };

        var command = new Command("broker", "Run the embedded MQTT 3.1.1 broker until Ctrl-C or SIGTERM.")
        {
            listen, data, tlsListen, cert, certPassword, maxConnections, maxPacket, maxInFlight, maxQueued, stallTimeout, logLevel,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            BrokerOptions options;
            try
            {
                options = new BrokerOptions
                {
                    TcpEndPoint = ParseEndPoint(parse.GetValue(listen)!, "--listen"),
                    DataDirectory = parse.GetValue(data),
                    MaxConnections = parse.GetValue(maxConnections),
                    MaxPacketSize = parse.GetValue(maxPacket),
                    MaxInFlightPerSession = parse.GetValue(maxInFlight),
                    MaxQueuedPerSession = parse.GetValue(maxQueued),
                    SubscriberStallTimeout = StallTimeout(parse.GetValue(stallTimeout)),
                };
                if (parse.GetValue(tlsListen) is { } tls)
                {
                    options.TlsEndPoint = ParseEndPoint(tls, "--tls-listen");
                    var certPath = parse.GetValue(cert) ??
                                   throw new ArgumentException("--tls-listen needs --cert with a .pfx server certificate.");
                    options.TlsCertificate = X509CertificateLoader.LoadPkcs12FromFile(certPath, parse.GetValue(certPassword));
                }

                options.Validate();
            }
            catch (Exception exception) when (exception is ArgumentException or FormatException or CryptographicException or IOException)
            {
                await System.Console.Error.WriteLineAsync($"gs broker: {exception.Message}");
                return 2;
            }

            using var loggers = LoggerFactory.Create(builder => builder
                .SetMinimumLevel(parse.GetValue(logLevel))
                .AddSimpleConsole(console =>
                {
                    console.SingleLine = true;
                    console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                    console.UseUtcTimestamp = true;
                }));
            await using var broker = new MqttBroker(options, loggerFactory: loggers);
            await broker.StartAsync(cancellationToken);
            await System.Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"gs broker: listening on mqtt://{broker.TcpEndPoint}{(broker.TlsEndPoint is { } t ? $" and mqtts://{t}" : "")} " +
                $"(max {options.MaxConnections} connections, {options.MaxInFlightPerSession} in flight and {options.MaxQueuedPerSession} queued per session, " +
                $"stall timeout {options.SubscriberStallTimeout.TotalSeconds:0.###} s)"));
            // SIGTERM (systemd, docker stop) and Ctrl-C stop the broker cleanly: connections closed, store flushed.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            void Stop(PosixSignalContext signal)
            {
                signal.Cancel = true;
                stop.Cancel();
            }

            using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, stop.Token);
            }
            catch (OperationCanceledException)
            {
                await System.Console.Out.WriteLineAsync("gs broker: stopping");
            }

            return 0;
        });
        return command;
    }

    // Whole seconds or fractions; zero, negative or not a number would make every subscriber stalled at once or never.
    private static TimeSpan StallTimeout(double seconds) =>
        double.IsFinite(seconds) && seconds > 0 && seconds <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--stall-timeout {seconds} must be a number of seconds above 0 and at most 3600."));

    internal static IPEndPoint ParseEndPoint(string value, string option)
    {
        var separator = value.LastIndexOf(':');
        if (separator > 0 && value[..separator] is "localhost" &&
            int.TryParse(value[(separator + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) &&
            port <= IPEndPoint.MaxPort)
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        if (IPEndPoint.TryParse(value, out var endPoint) && value.Contains(':', StringComparison.Ordinal) && endPoint.Port != 0)
        {
            return endPoint;
        }

        throw new ArgumentException(
            $"{option} '{value}' is not HOST:PORT with an IP address (or localhost) and a port from 1 to 65535.");
    }
}
