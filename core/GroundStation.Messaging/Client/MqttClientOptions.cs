using System.Security.Cryptography.X509Certificates;
using GroundStation.Messaging.Protocol;

namespace GroundStation.Messaging.Client;

/// <summary>How an <see cref="MqttClient"/> reaches its broker and behaves on the connection.</summary>
public sealed record MqttClientOptions
{
    /// <summary>The broker's host name or address.</summary>
    public required string Host { get; init; }

    /// <summary>The broker's TCP port (1883 plain, 8883 TLS by convention).</summary>
    public int Port { get; init; } = 1883;

    /// <summary>The client identifier; must be non-empty when <see cref="CleanSession"/> is false.</summary>
    public required string ClientId { get; init; }

    /// <summary>True to start a fresh session on each connect; false to resume the broker's stored session.</summary>
    public bool CleanSession { get; init; } = true;

    /// <summary>The keep-alive interval announced in CONNECT and used to send PINGREQ; zero turns keep-alive off.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for PINGRESP before declaring the connection dead; defaults to <see cref="KeepAlive"/>.</summary>
    public TimeSpan? PingTimeout { get; init; }

    /// <summary>How long the TCP connect, TLS handshake and CONNACK may take together.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The user name sent in CONNECT, if any.</summary>
    public string? UserName { get; init; }

    /// <summary>The password sent in CONNECT, if any (for GroundStation: an IAM API key). Needs <see cref="UserName"/>.</summary>
    public ReadOnlyMemory<byte>? Password { get; init; }

    /// <summary>The last will the broker publishes when this client disappears without DISCONNECT.</summary>
    public MqttWill? Will { get; init; }

    /// <summary>TLS settings; null for plain TCP.</summary>
    public MqttTlsOptions? Tls { get; init; }

    /// <summary>The first reconnect delay; each failed attempt doubles it up to <see cref="ReconnectMaximumDelay"/>.</summary>
    public TimeSpan ReconnectMinimumDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest reconnect delay.</summary>
    public TimeSpan ReconnectMaximumDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The most QoS 1 and 2 messages sent and not yet acknowledged (the in-flight window).</summary>
    public int MaximumInFlight { get; init; } = 1024;

    /// <summary>The most messages waiting to be sent; <see cref="MqttClient.PublishAsync"/> waits while it is full.</summary>
    public int OutboundQueueCapacity { get; init; } = 8192;

    /// <summary>The most received messages waiting for the application; reading from the socket pauses while it is full.</summary>
    public int InboundQueueCapacity { get; init; } = 8192;

    /// <summary>
    /// When true, a received QoS 1 message is acknowledged (PUBACK) only when the application calls
    /// <see cref="MqttClient.Acknowledge"/>, so a message is acknowledged only once the application has made it durable;
    /// until then the broker keeps it in flight and redelivers it after a reconnect. False: acknowledged on arrival.
    /// </summary>
    public bool ManualAcknowledgement { get; init; }

    /// <summary>The largest packet accepted from the broker.</summary>
    public int MaximumPacketSize { get; init; } = 16 * 1024 * 1024;

    /// <summary>Throws <see cref="ArgumentException"/> naming each setting that cannot work.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Host))
        {
            problems.Add("Host is empty");
        }

        if (Port is < 1 or > 65535)
        {
            problems.Add($"Port {Port} is outside 1..65535");
        }

        if (ClientId is null || (ClientId.Length == 0 && !CleanSession))
        {
            problems.Add("ClientId must be non-empty for a persistent session (CleanSession = false)");
        }

        if (KeepAlive < TimeSpan.Zero || KeepAlive.TotalSeconds > ushort.MaxValue)
        {
            problems.Add($"KeepAlive {KeepAlive} is outside 0..{ushort.MaxValue} s");
        }

        if (PingTimeout is { } ping && ping <= TimeSpan.Zero)
        {
            problems.Add($"PingTimeout {ping} must be positive");
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            problems.Add($"ConnectTimeout {ConnectTimeout} must be positive");
        }

        if (Password is not null && UserName is null)
        {
            problems.Add("Password needs a UserName (MQTT 3.1.1 rule)");
        }

        if (ReconnectMinimumDelay <= TimeSpan.Zero || ReconnectMaximumDelay < ReconnectMinimumDelay)
        {
            problems.Add($"reconnect delays {ReconnectMinimumDelay}..{ReconnectMaximumDelay} must be positive and ordered");
        }

        if (MaximumInFlight is < 1 or > 65_000)
        {
            problems.Add($"MaximumInFlight {MaximumInFlight} is outside 1..65000");
        }

        if (OutboundQueueCapacity < 1 || InboundQueueCapacity < 1)
        {
            problems.Add("queue capacities must be at least 1");
        }

        if (MaximumPacketSize < 64)
        {
            problems.Add($"MaximumPacketSize {MaximumPacketSize} is below 64 bytes");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid MQTT client options: " + string.Join("; ", problems) + ".");
        }
    }
}

/// <summary>TLS settings for a broker connection.</summary>
public sealed record MqttTlsOptions
{
    /// <summary>The name the server certificate must carry; defaults to the host.</summary>
    public string? TargetHost { get; init; }

    /// <summary>
    /// Root certificates to trust instead of the system store (a private CA). When set, the server chain must end at
    /// one of them.
    /// </summary>
    public X509Certificate2Collection? TrustedRoots { get; init; }

    /// <summary>
    /// SHA-256 fingerprints (hex) of server certificates accepted regardless of chain (pinning a self-signed broker).
    /// The host name must still match.
    /// </summary>
    public IReadOnlyList<string>? PinnedSha256Fingerprints { get; init; }

    /// <summary>A client certificate with private key, for brokers that authenticate clients by certificate.</summary>
    public X509Certificate2? ClientCertificate { get; init; }
}
