namespace GroundStation.Messaging.Broker;

/// <summary>
/// The broker's default security: every client connects (its user name, or its client id, becomes the principal) and
/// may publish and subscribe anywhere. Suitable only for a broker bound to loopback or a trusted network.
/// </summary>
public sealed class AllowAllSecurity : IBrokerAuthenticator, IBrokerAuthorizer
{
    private static readonly IReadOnlyDictionary<string, string> NoAttributes = new Dictionary<string, string>();

    /// <summary>The shared instance.</summary>
    public static AllowAllSecurity Instance { get; } = new();

    /// <inheritdoc />
    public ValueTask<BrokerAuthenticationResult> AuthenticateAsync(BrokerConnectRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var identity = new BrokerClientIdentity(request.Username ?? request.ClientId, null, NoAttributes);
        return ValueTask.FromResult(BrokerAuthenticationResult.Accept(identity));
    }

    /// <inheritdoc />
    public ValueTask<bool> MayPublishAsync(BrokerClientIdentity client, string topic, CancellationToken cancellationToken) =>
        ValueTask.FromResult(true);

    /// <inheritdoc />
    public ValueTask<bool> MaySubscribeAsync(BrokerClientIdentity client, string topicFilter,
        CancellationToken cancellationToken) =>
        ValueTask.FromResult(true);
}
