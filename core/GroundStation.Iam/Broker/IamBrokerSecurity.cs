using System.Runtime.CompilerServices;
using System.Text;
using GroundStation.Iam.Client;
using GroundStation.Iam.Keys;
using GroundStation.Iam.Policy;
using GroundStation.Iam.Service;
using GroundStation.Messaging.Broker;

namespace GroundStation.Iam.Broker;

/// <summary>
/// The keys of connected broker clients, held in memory only and tied to the identity object, so that the authoriser
/// can ask IAM per topic (and so see a revocation within the verifier's guarantee) without the key ever being part of
/// the identity the broker may log.
/// </summary>
public sealed class BrokerSessionKeys
{
    private readonly ConditionalWeakTable<BrokerClientIdentity, ApiKey> _keys = [];

    internal void Remember(BrokerClientIdentity identity, ApiKey key) => _keys.AddOrUpdate(identity, key);

    internal ApiKey? KeyOf(BrokerClientIdentity identity) => _keys.TryGetValue(identity, out var key) ? key : null;
}

/// <summary>MQTT CONNECT authentication: the password is an API key, checked by IAM. Failures are limited per source address.</summary>
public sealed class IamBrokerAuthenticator : IBrokerAuthenticator
{
    private readonly IKeyVerifier _verifier;
    private readonly BrokerSessionKeys _sessions;
    private readonly WindowedRateLimiter _failures;

    /// <summary>Creates the authenticator.</summary>
    public IamBrokerAuthenticator(IKeyVerifier verifier, BrokerSessionKeys sessions, TimeProvider time, int failuresPerSource = 20, TimeSpan? failureWindow = null)
    {
        _verifier = verifier ?? throw new ArgumentNullException(nameof(verifier));
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _failures = new WindowedRateLimiter(failuresPerSource, failureWindow ?? TimeSpan.FromMinutes(1), time);
    }

    /// <inheritdoc />
    public async ValueTask<BrokerAuthenticationResult> AuthenticateAsync(BrokerConnectRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var source = request.RemoteEndPoint.Address.ToString();
        if (!_failures.Peek(source).Admitted)
        {
            return BrokerAuthenticationResult.Refuse(BrokerRefusal.NotAuthorized);
        }

        var password = request.Password is { } bytes && bytes.Length <= 128 ? Encoding.ASCII.GetString(bytes.Span) : null;
        if (!ApiKey.TryParse(password, out var key))
        {
            _failures.TryAcquire(source);
            return BrokerAuthenticationResult.Refuse(BrokerRefusal.BadCredentials);
        }

        var answer = await _verifier.VerifyAsync(key!.Reveal(), null, null, cancellationToken);
        if (!answer.Valid || answer.Principal is null)
        {
            _failures.TryAcquire(source);
            return BrokerAuthenticationResult.Refuse(BrokerRefusal.BadCredentials);
        }

        var identity = new BrokerClientIdentity(answer.Principal, answer.Tenant, new Dictionary<string, string> { ["keyId"] = answer.KeyId ?? string.Empty });
        _sessions.Remember(identity, key);
        return BrokerAuthenticationResult.Accept(identity);
    }
}

/// <summary>
/// Topic rights from IAM. Under <c>gs/v1/stations/{S}/</c>: publishing needs <c>station:edge</c> (an agent for its own
/// station) or <c>station:control</c> on <c>station/S</c>; subscribing to <c>plan</c> or <c>commands</c> needs one of
/// those too, and to anything else <c>telemetry:read</c>. A <c>+</c> or <c>#</c> in the station's place asks about
/// <c>station/*</c>, which only a right over every station covers. Other topics need <c>station:control</c> on every station.
/// </summary>
public sealed class IamBrokerAuthorizer(IKeyVerifier verifier, BrokerSessionKeys sessions) : IBrokerAuthorizer
{
    private const string StationsRoot = "gs/v1/stations/";

    /// <inheritdoc />
    public ValueTask<bool> MayPublishAsync(BrokerClientIdentity client, string topic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (topic.Contains('+', StringComparison.Ordinal) || topic.Contains('#', StringComparison.Ordinal))
        {
            return ValueTask.FromResult(false);
        }

        return MayAsync(client, topic, subscribe: false, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<bool> MaySubscribeAsync(BrokerClientIdentity client, string topicFilter, CancellationToken cancellationToken) =>
        MayAsync(client, topicFilter, subscribe: true, cancellationToken);

    private async ValueTask<bool> MayAsync(BrokerClientIdentity client, string topic, bool subscribe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(topic);
        if (sessions.KeyOf(client) is not { } key)
        {
            return false;
        }

        if (!topic.StartsWith(StationsRoot, StringComparison.Ordinal))
        {
            return await AllowedAsync(key, IamActions.StationControl, "station/*", cancellationToken);
        }

        var rest = topic[StationsRoot.Length..].Split('/');
        var station = rest[0] is "+" or "#" ? Pattern.Wildcard : rest[0];
        if (station != Pattern.Wildcard && !Identifier.IsValid(station))
        {
            return false;
        }

        var resource = "station/" + station;
        var area = rest.Length > 1 ? rest[1] : "#";
        var stationWork = await AllowedAsync(key, IamActions.StationEdge, resource, cancellationToken) ||
                          await AllowedAsync(key, IamActions.StationControl, resource, cancellationToken);
        if (!subscribe || area is "plan" or "commands")
        {
            return stationWork;
        }

        var readsTelemetry = await AllowedAsync(key, IamActions.TelemetryRead, resource, cancellationToken);
        // A filter that spans every area (# or +) also reaches plan and commands.
        return area is "#" or "+" ? readsTelemetry && stationWork : readsTelemetry;
    }

    private async ValueTask<bool> AllowedAsync(ApiKey key, string action, string resource, CancellationToken cancellationToken) =>
        (await verifier.VerifyAsync(key.Reveal(), action, resource, cancellationToken)).Allowed;
}
