using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace GroundStation.Messaging.Broker;

/// <summary>Limits and listeners of an <see cref="MqttBroker"/>. The defaults suit a single-antenna site.</summary>
public sealed class BrokerOptions
{
    /// <summary>Plain TCP listener; null for none. Port 0 picks a free port (see <see cref="MqttBroker.TcpEndPoint"/>).</summary>
    public IPEndPoint? TcpEndPoint { get; set; } = new(IPAddress.Loopback, 1883);

    /// <summary>TLS listener; null for none. Needs <see cref="TlsCertificate"/>.</summary>
    public IPEndPoint? TlsEndPoint { get; set; }

    /// <summary>Server certificate (with private key) presented on the TLS listener.</summary>
    public X509Certificate2? TlsCertificate { get; set; }

    /// <summary>
    /// Directory holding the SQLite store of persistent sessions and retained messages. Null keeps everything in
    /// memory: nothing survives a restart.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>Connections held at once; further connections are closed as soon as they are accepted.</summary>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>Largest control packet accepted, fixed header included; a larger one closes the connection.</summary>
    public int MaxPacketSize { get; set; } = 1024 * 1024;

    /// <summary>QoS 1 and 2 messages sent to one client and not yet acknowledged by it.</summary>
    public int MaxInFlightPerSession { get; set; } = 100;

    /// <summary>
    /// QoS 1 and 2 messages waiting for one session (offline, or behind its in-flight window). Past half of it the
    /// publishers feeding an online session pause until it drains to a quarter. Beyond it new messages are dropped and
    /// counted in <see cref="BrokerMetrics.QueuedMessagesDropped"/>, but only for an offline session or one stalled for
    /// <see cref="SubscriberStallTimeout"/>.
    /// </summary>
    public int MaxQueuedPerSession { get; set; } = 10_000;

    /// <summary>
    /// How long an online subscriber may make no progress at all (no acknowledgement, no socket drain) while publishers
    /// wait for room in its queue, before it counts as stalled: publishers stop waiting for it and its overflow is
    /// dropped. A subscriber that makes any progress, however slowly, is never stalled.
    /// </summary>
    public TimeSpan SubscriberStallTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// QoS 0 messages waiting on one connection's socket. Beyond it QoS 0 messages for that connection are dropped and
    /// counted in <see cref="BrokerMetrics.Qos0MessagesDropped"/>, so a slow subscriber never grows memory without bound.
    /// </summary>
    public int MaxQueuedQos0PerConnection { get; set; } = 10_000;

    /// <summary>A client silent for its keep-alive times this factor is disconnected (MQTT 3.1.1 says 1.5).</summary>
    public double KeepAliveFactor { get; set; } = 1.5;

    /// <summary>How long a new connection may take to send its CONNECT packet (and finish TLS) before it is closed.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Checks the options and throws naming the first bad value.</summary>
    public void Validate()
    {
        if (TcpEndPoint is null && TlsEndPoint is null)
        {
            throw new ArgumentException("BrokerOptions: at least one listener (TcpEndPoint or TlsEndPoint) is needed.");
        }

        if (TlsEndPoint is not null && TlsCertificate is null)
        {
            throw new ArgumentException("BrokerOptions.TlsCertificate: a TLS listener needs a server certificate.");
        }

        if (TlsCertificate is not null && !TlsCertificate.HasPrivateKey)
        {
            throw new ArgumentException("BrokerOptions.TlsCertificate: the certificate has no private key.");
        }

        RequirePositive(MaxConnections, nameof(MaxConnections));
        RequirePositive(MaxInFlightPerSession, nameof(MaxInFlightPerSession));
        RequirePositive(MaxQueuedPerSession, nameof(MaxQueuedPerSession));
        RequirePositive(MaxQueuedQos0PerConnection, nameof(MaxQueuedQos0PerConnection));
        if (MaxPacketSize is < 16 or > 268_435_460)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPacketSize), MaxPacketSize,
                "BrokerOptions.MaxPacketSize must be between 16 bytes and the MQTT maximum of 268,435,460 bytes.");
        }

        if (MaxInFlightPerSession > 65_535)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxInFlightPerSession), MaxInFlightPerSession,
                "BrokerOptions.MaxInFlightPerSession cannot exceed the 65,535 packet identifiers MQTT has.");
        }

        if (!(KeepAliveFactor >= 1.0) || double.IsInfinity(KeepAliveFactor))
        {
            throw new ArgumentOutOfRangeException(nameof(KeepAliveFactor), KeepAliveFactor,
                "BrokerOptions.KeepAliveFactor must be a finite number of at least 1.");
        }

        if (SubscriberStallTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(SubscriberStallTimeout), SubscriberStallTimeout,
                "BrokerOptions.SubscriberStallTimeout must be positive.");
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ConnectTimeout), ConnectTimeout,
                "BrokerOptions.ConnectTimeout must be positive.");
        }
    }

    private static void RequirePositive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"BrokerOptions.{name} must be positive.");
        }
    }
}
