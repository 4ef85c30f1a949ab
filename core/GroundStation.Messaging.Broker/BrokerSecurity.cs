using System.Net;

namespace GroundStation.Messaging.Broker;

/// <summary>What a client presented in its CONNECT packet, for an <see cref="IBrokerAuthenticator"/> to judge.</summary>
/// <param name="ClientId">The MQTT client identifier (possibly assigned by the broker).</param>
/// <param name="Username">The CONNECT user name, when present.</param>
/// <param name="Password">The CONNECT password bytes, when present (for GroundStation: an IAM API key).</param>
/// <param name="RemoteEndPoint">Where the connection comes from; rate limits on failures key on it.</param>
/// <param name="IsTls">True when the connection arrived on a TLS listener.</param>
public sealed record BrokerConnectRequest(
    string ClientId,
    string? Username,
    ReadOnlyMemory<byte>? Password,
    IPEndPoint RemoteEndPoint,
    bool IsTls);

/// <summary>The identity an authenticated client carries for the rest of its connection.</summary>
/// <param name="Principal">Who the client is (an IAM principal id, or the user name for simple setups).</param>
/// <param name="Tenant">The tenant the principal belongs to, when the authenticator knows it.</param>
/// <param name="Attributes">Anything else the authoriser needs later (for instance the station id of an edge key).</param>
public sealed record BrokerClientIdentity(
    string Principal,
    string? Tenant,
    IReadOnlyDictionary<string, string> Attributes);

/// <summary>Why a connection was refused; maps to the MQTT 3.1.1 CONNACK return codes 4 and 5.</summary>
public enum BrokerRefusal
{
    /// <summary>The user name or password is malformed or wrong (CONNACK 4).</summary>
    BadCredentials = 4,

    /// <summary>The client is known but may not connect (CONNACK 5).</summary>
    NotAuthorized = 5,
}

/// <summary>The outcome of authenticating a CONNECT.</summary>
/// <param name="Identity">The identity when accepted; null when refused.</param>
/// <param name="Refusal">The reason when refused; null when accepted.</param>
public sealed record BrokerAuthenticationResult(BrokerClientIdentity? Identity, BrokerRefusal? Refusal)
{
    /// <summary>An accepted connection with its identity.</summary>
    public static BrokerAuthenticationResult Accept(BrokerClientIdentity identity) =>
        new(identity ?? throw new ArgumentNullException(nameof(identity)), null);

    /// <summary>A refused connection and why.</summary>
    public static BrokerAuthenticationResult Refuse(BrokerRefusal refusal) => new(null, refusal);
}

/// <summary>Decides whether a CONNECT may proceed. Called once per connection, before CONNACK.</summary>
public interface IBrokerAuthenticator
{
    /// <summary>Judges the credentials of a connecting client.</summary>
    ValueTask<BrokerAuthenticationResult> AuthenticateAsync(BrokerConnectRequest request, CancellationToken cancellationToken);
}

/// <summary>Decides, topic by topic, what an authenticated client may publish and subscribe to.</summary>
public interface IBrokerAuthorizer
{
    /// <summary>True when <paramref name="client"/> may publish to <paramref name="topic"/> (a topic name, no wildcards).</summary>
    ValueTask<bool> MayPublishAsync(BrokerClientIdentity client, string topic, CancellationToken cancellationToken);

    /// <summary>True when <paramref name="client"/> may subscribe to <paramref name="topicFilter"/> (wildcards allowed).</summary>
    ValueTask<bool> MaySubscribeAsync(BrokerClientIdentity client, string topicFilter, CancellationToken cancellationToken);
}
