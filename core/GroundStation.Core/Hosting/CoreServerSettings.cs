using System.Net;
using GroundStation.Core.Contacts;
using GroundStation.Core.Stations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GroundStation.Core.Hosting;

/// <summary>Everything a core instance (<c>gs serve</c>, <c>gs demo</c>, tests) runs with.</summary>
public sealed class CoreServerSettings
{
    /// <summary>The data directory: IAM, contacts, scheduling, commanding, telemetry, the broker's store and the core's keys.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Where the HTTP API, the IAM routes, the OpenAPI document and the console listen (a non-zero port).</summary>
    public required IPEndPoint HttpListen { get; init; }

    /// <summary>Where the embedded MQTT broker listens; null to use <see cref="ExternalBroker"/>.</summary>
    public IPEndPoint? EmbeddedBroker { get; init; } = new(IPAddress.Loopback, 1883);

    /// <summary>An external broker (host, port) the core connects to with its key as password, instead of the embedded one.</summary>
    public DnsEndPoint? ExternalBroker { get; init; }

    /// <summary>The operations clock: scheduling, contacts, commanding, telemetry. The demo passes an anchored simulated clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// The real clock, even in a simulation: IAM (key expiry, audit times, caches) and network keep-alives and timeouts,
    /// which must not run faster because the operations clock does.
    /// </summary>
    public TimeProvider WallTime { get; init; } = TimeProvider.System;

    /// <summary>Contact lifecycle tunables.</summary>
    public ContactOptions Contacts { get; init; } = new();

    /// <summary>When a station heartbeat raises a station alarm.</summary>
    public StationHealthLimits StationHealth { get; init; } = new();

    /// <summary>An InfluxDB v1 HTTP API base URL for telemetry, or null to keep telemetry in SQLite only.</summary>
    public Uri? InfluxUrl { get; init; }

    /// <summary>The InfluxDB database name when <see cref="InfluxUrl"/> is set.</summary>
    public string InfluxDatabase { get; init; } = "groundstation";

    /// <summary>Scheduling tunables on top of the defaults (horizon, margins); the database path is set by the core.</summary>
    public Action<GroundStation.Scheduling.SchedulingOptions>? ConfigureScheduling { get; init; }

    /// <summary>Commanding tunables on top of the defaults (release lead, verification window); the database path is set by the core.</summary>
    public Action<GroundStation.Commanding.CommandingOptions>? ConfigureCommanding { get; init; }

    /// <summary>The command dictionary every registered satellite uses (the registry does not record one per satellite yet).</summary>
    public string CommandDictionary { get; init; } = Adapters.RegistryTargets.SimulatorDictionary;

    /// <summary>The housekeeping decoder every registered satellite uses.</summary>
    public string TelemetryDecoder { get; init; } = Adapters.RegistryTargets.SimulatorDecoder;

    /// <summary>Least severe log level written.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>Extra logging set-up (tests capture logs here).</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>Extra services (tests replace a part here).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>The core's base URL as seen from this machine.</summary>
    public Uri HttpUri => new($"http://{(HttpListen.Address.Equals(IPAddress.Any) || HttpListen.Address.Equals(IPAddress.IPv6Any) ? "127.0.0.1" : HttpListen.Address.ToString())}:{HttpListen.Port}/");

    /// <summary>Checks the settings, naming the bad one.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException("CoreServerSettings.DataDirectory (--data) is required.", nameof(DataDirectory));
        }

        ArgumentNullException.ThrowIfNull(HttpListen, nameof(HttpListen));
        if (HttpListen.Port == 0)
        {
            throw new ArgumentException("CoreServerSettings.HttpListen (--http) needs a port from 1 to 65535.", nameof(HttpListen));
        }

        if ((EmbeddedBroker is null) == (ExternalBroker is null))
        {
            throw new ArgumentException("Exactly one of the embedded broker (--broker-listen) and an external broker (--broker-url) must be set.", nameof(EmbeddedBroker));
        }

        if (EmbeddedBroker is { Port: 0 })
        {
            throw new ArgumentException("CoreServerSettings.EmbeddedBroker (--broker-listen) needs a port from 1 to 65535.", nameof(EmbeddedBroker));
        }

        if (InfluxUrl is { } influx && influx.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"--influx-url '{influx}' must be an http or https URL.", nameof(InfluxUrl));
        }

        Contacts.Validate();
        StationHealth.Validate();
    }
}
