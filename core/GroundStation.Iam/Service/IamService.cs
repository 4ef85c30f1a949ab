using GroundStation.Iam.Audit;
using GroundStation.Iam.Keys;
using GroundStation.Iam.Policy;
using GroundStation.Iam.Storage;

namespace GroundStation.Iam.Service;

/// <summary>
/// The IAM service's rules, independent of HTTP: authenticating callers, verifying keys, managing keys and reading the
/// audit log. Every decision is audited. A malformed key is refused before the store is asked.
/// </summary>
public sealed class IamService
{
    private readonly IIamStore _store;
    private readonly AuditLog _audit;
    private readonly RoleCatalog _roles;
    private readonly TimeProvider _time;
    private readonly IamServiceOptions _options;
    private readonly RevocationNotifier _revocations;
    private readonly CallerCache _callers;

    /// <summary>Creates the service over its store and audit log.</summary>
    public IamService(IIamStore store, AuditLog audit, RoleCatalog roles, TimeProvider time, IamServiceOptions options, RevocationNotifier revocations)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _audit = audit ?? throw new ArgumentNullException(nameof(audit));
        _roles = roles ?? throw new ArgumentNullException(nameof(roles));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _revocations = revocations ?? throw new ArgumentNullException(nameof(revocations));
        _callers = new CallerCache(time, revocations);
    }

    /// <summary>The caller behind a presented key, or null (audited) when the key is malformed, unknown or not active.</summary>
    public async Task<KeyRecord?> AuthenticateAsync(string? presented, string? source, CancellationToken cancellationToken)
    {
        if (ApiKey.TryParse(presented, out var parsed) && _callers.Find(parsed!.Hash()) is { } known)
        {
            return known;
        }

        var (key, reason) = await FindActiveKeyAsync(presented, cancellationToken);
        if (key is not null)
        {
            _callers.Remember(key.Hash, key);
        }
        else
        {
            await _audit.RecordAsync(new AuditEntry(_time.GetUtcNow(), "authenticate", null, null, null, null, null, null, false, reason, source), cancellationToken);
        }

        return key;
    }

    /// <summary>
    /// Answers whether <paramref name="request"/>'s key may do its action on its resource. A key of another tenant than
    /// the resource gets <see cref="VerifyResponse.Invalid"/>, exactly as an unknown key does.
    /// </summary>
    public async Task<VerifyResponse> VerifyAsync(KeyRecord caller, VerifyRequest request, string? source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var (key, reason) = await FindActiveKeyAsync(request.Key, cancellationToken);
        var now = _time.GetUtcNow();
        if (key is not null && IsOtherTenant(key, request.Resource))
        {
            (key, reason) = (null, "resource belongs to another tenant");
        }

        if (key is null)
        {
            await _audit.RecordAsync(new AuditEntry(now, "verify", caller.Principal.Value, null, null, null, request.Action, request.Resource, false, reason, source), cancellationToken);
            return VerifyResponse.Invalid;
        }

        if (request.Action is null && request.Resource is null)
        {
            await _audit.RecordAsync(new AuditEntry(now, "verify", caller.Principal.Value, key.Principal.Value, key.Tenant.Value, key.Id.Value, null, null, false, "validity only", source), cancellationToken);
            return new VerifyResponse(true, false, key.Principal.Value, key.Tenant.Value, [], "valid key; no action asked", key.Id.Value, key.ExpiresAt);
        }

        var decision = Decide(key, request.Action, request.Resource);
        await _audit.RecordAsync(new AuditEntry(now, "verify", caller.Principal.Value, key.Principal.Value, key.Tenant.Value, key.Id.Value, request.Action, request.Resource, decision.Allowed, decision.Reason, source), cancellationToken);
        return new VerifyResponse(true, decision.Allowed, key.Principal.Value, key.Tenant.Value, decision.Obligations, decision.Reason, key.Id.Value, key.ExpiresAt);
    }

    /// <summary>Creates a key with no more rights than <paramref name="caller"/> holds.</summary>
    public async Task<ServiceResult<CreatedKeyResponse>> CreateKeyAsync(KeyRecord caller, CreateKeyRequest request, string? source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        var parsed = ParseCreate(request, caller, now);
        if (parsed.Error is not null)
        {
            await AuditChangeAsync(now, "key.create", caller, null, false, parsed.Error, source, cancellationToken);
            return ServiceResult.Failure<CreatedKeyResponse>(ServiceOutcome.BadRequest, parsed.Error);
        }

        var template = parsed.Key!;
        var refusal = Escalation(caller, template, IamActions.KeyCreate);
        if (refusal is not null)
        {
            await AuditChangeAsync(now, "key.create", caller, template, false, refusal, source, cancellationToken);
            return ServiceResult.Failure<CreatedKeyResponse>(ServiceOutcome.Forbidden, refusal);
        }

        var secret = ApiKey.Generate(template.Kind, template.Environment);
        var record = template with { Hash = secret.Hash(), Stub = secret.Stub };
        await _store.InsertKeyAsync(record, cancellationToken);
        await AuditChangeAsync(now, "key.create", caller, record, true, "created", source, cancellationToken);
        return ServiceResult.Success<CreatedKeyResponse>(new CreatedKeyResponse(secret.Reveal(), KeyView.Of(record, now)), ServiceOutcome.Created);
    }

    /// <summary>The caller's tenant's keys, when it may read them.</summary>
    public async Task<ServiceResult<IReadOnlyList<KeyView>>> ListKeysAsync(KeyRecord caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!Decide(caller, IamActions.KeyRead, TenantResource(caller.Tenant)).Allowed)
        {
            return ServiceResult.Failure<IReadOnlyList<KeyView>>(ServiceOutcome.Forbidden, "this key may not list keys");
        }

        var now = _time.GetUtcNow();
        var keys = await _store.ListKeysAsync(caller.Tenant, cancellationToken);
        return ServiceResult.Success<IReadOnlyList<KeyView>>(keys.Select(k => KeyView.Of(k, now)).ToList());
    }

    /// <summary>Revokes a key of the caller's tenant for good and publishes the revocation.</summary>
    public Task<ServiceResult<KeyView>> RevokeKeyAsync(KeyRecord caller, string? id, string? source, CancellationToken cancellationToken) =>
        ChangeKeyAsync(caller, id, "key.revoke", source, (key, now) => _store.RevokeKeyAsync(key.Id, now, cancellationToken), cancellationToken);

    /// <summary>Disables (<paramref name="disabled"/>) or enables a key of the caller's tenant.</summary>
    public Task<ServiceResult<KeyView>> SetKeyDisabledAsync(KeyRecord caller, string? id, bool disabled, string? source, CancellationToken cancellationToken) =>
        ChangeKeyAsync(caller, id, disabled ? "key.disable" : "key.enable", source, (key, now) => _store.SetKeyDisabledAsync(key.Id, disabled, now, cancellationToken), cancellationToken);

    /// <summary>
    /// Replaces a key with a new one of the same rights; the old one keeps working for the overlap, never past its own
    /// expiry. The caller must hold every right of the key it rotates.
    /// </summary>
    public async Task<ServiceResult<CreatedKeyResponse>> RotateKeyAsync(KeyRecord caller, string? id, RotateKeyRequest request, string? source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        var old = await FindOwnKeyAsync(caller, id, cancellationToken);
        if (old is null || old.StateAt(now) != KeyState.Active)
        {
            return ServiceResult.Failure<CreatedKeyResponse>(ServiceOutcome.NotFound, "no such key");
        }

        var overlap = request.OverlapSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : _options.DefaultRotationOverlap;
        var expiresAt = request.ExpiresAt ?? now + _options.DefaultKeyLifetime;
        if (overlap < TimeSpan.Zero || expiresAt <= now)
        {
            return ServiceResult.Failure<CreatedKeyResponse>(ServiceOutcome.BadRequest, "overlapSeconds must be >= 0 and expiresAt in the future");
        }

        var refusal = Escalation(caller, old, IamActions.KeyCreate);
        if (refusal is not null)
        {
            await AuditChangeAsync(now, "key.rotate", caller, old, false, refusal, source, cancellationToken);
            return ServiceResult.Failure<CreatedKeyResponse>(ServiceOutcome.Forbidden, refusal);
        }

        var secret = ApiKey.Generate(old.Kind, old.Environment);
        var replacement = old with
        {
            Id = KeyId.New(),
            Hash = secret.Hash(),
            Stub = secret.Stub,
            CreatedAt = now,
            ExpiresAt = expiresAt,
            Disabled = false,
            RevokedAt = null,
            RotatedFrom = old.Id,
        };
        var oldExpiresAt = now + overlap < old.ExpiresAt ? now + overlap : old.ExpiresAt;
        await _store.RotateKeyAsync(replacement, old.Id, oldExpiresAt, cancellationToken);
        _callers.Clear();
        await AuditChangeAsync(now, "key.rotate", caller, replacement, true, $"replaces {old.Id}; old key expires {oldExpiresAt:O}", source, cancellationToken);
        return ServiceResult.Success<CreatedKeyResponse>(new CreatedKeyResponse(secret.Reveal(), KeyView.Of(replacement, now)), ServiceOutcome.Created);
    }

    /// <summary>The caller's tenant's audit records in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public async Task<ServiceResult<IReadOnlyList<AuditView>>> ReadAuditAsync(KeyRecord caller, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!Decide(caller, IamActions.AuditRead, TenantResource(caller.Tenant)).Allowed)
        {
            return ServiceResult.Failure<IReadOnlyList<AuditView>>(ServiceOutcome.Forbidden, "this key may not read the audit log");
        }

        await _audit.FlushAsync(cancellationToken);
        var records = await _store.ReadAuditAsync(caller.Tenant, from, to, limit, cancellationToken);
        return ServiceResult.Success<IReadOnlyList<AuditView>>(records.Select(AuditView.Of).ToList());
    }

    /// <summary>Creates the first admin key of an empty store; null when the store already holds keys.</summary>
    public async Task<ApiKey?> BootstrapAsync(TenantId tenant, PrincipalId principal, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        if (!await _store.IsEmptyAsync(cancellationToken))
        {
            return null;
        }

        var now = _time.GetUtcNow();
        var secret = ApiKey.Generate(ApiKeyKind.Operator, _options.Environment);
        var record = new KeyRecord(KeyId.New(), secret.Hash(), secret.Stub, principal, tenant, [BuiltInRoles.Admin], null, ApiKeyKind.Operator, _options.Environment, now, now + lifetime, false, null, null);
        await _store.InsertKeyAsync(record, cancellationToken);
        await AuditChangeAsync(now, "key.bootstrap", null, record, true, "first admin key", null, cancellationToken);
        return secret;
    }

    private async Task<ServiceResult<KeyView>> ChangeKeyAsync(
        KeyRecord caller, string? id, string @event, string? source, Func<KeyRecord, DateTimeOffset, Task<bool>> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var now = _time.GetUtcNow();
        var key = await FindOwnKeyAsync(caller, id, cancellationToken);
        if (key is null)
        {
            return ServiceResult.Failure<KeyView>(ServiceOutcome.NotFound, "no such key");
        }

        if (!Decide(caller, IamActions.KeyRevoke, TenantResource(key.Tenant)).Allowed)
        {
            await AuditChangeAsync(now, @event, caller, key, false, "caller lacks key:revoke", source, cancellationToken);
            return ServiceResult.Failure<KeyView>(ServiceOutcome.Forbidden, "this key may not change keys");
        }

        var changed = await change(key, now);
        _callers.Clear();
        _revocations.Wake();
        await AuditChangeAsync(now, @event, caller, key, changed, changed ? "done" : "no change", source, cancellationToken);
        var after = await _store.FindKeyByIdAsync(key.Id, cancellationToken) ?? key;
        return ServiceResult.Success<KeyView>(KeyView.Of(after, now));
    }

    // Another tenant's key id gets the same answer as an id that does not exist.
    private async Task<KeyRecord?> FindOwnKeyAsync(KeyRecord caller, string? id, CancellationToken cancellationToken)
    {
        if (!KeyId.TryParse(id, out var keyId))
        {
            return null;
        }

        var key = await _store.FindKeyByIdAsync(keyId, cancellationToken);
        return key is not null && key.Tenant == caller.Tenant ? key : null;
    }

    private async Task<(KeyRecord? Key, string Reason)> FindActiveKeyAsync(string? presented, CancellationToken cancellationToken)
    {
        if (!ApiKey.TryParse(presented, out var parsed))
        {
            return (null, "malformed key");
        }

        if (parsed!.Environment != _options.Environment)
        {
            return (null, "key of another environment");
        }

        var key = await _store.FindKeyByHashAsync(parsed.Hash(), cancellationToken);
        if (key is null)
        {
            return (null, "unknown key");
        }

        var state = key.StateAt(_time.GetUtcNow());
        return state == KeyState.Active ? (key, "active") : (null, $"key {state.ToString().ToLowerInvariant()}");
    }

    private static bool IsOtherTenant(KeyRecord key, string? resource)
    {
        var segments = Pattern.ParseResource(resource, allowWildcard: true);
        return segments is { Length: >= 2 } && segments[0] == "tenant" && !string.Equals(segments[1], key.Tenant.Value, StringComparison.Ordinal);
    }

    private PolicyDecision Decide(KeyRecord key, string? action, string? resource)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [PrincipalAttributes.Tenant] = key.Tenant.Value,
            [PrincipalAttributes.Principal] = key.Principal.Value,
        };
        if (key.Station is { } station)
        {
            attributes[PrincipalAttributes.Station] = station.Value;
        }

        return PolicyEvaluator.Evaluate(_roles.StatementsOf(key.Roles), attributes, action, resource);
    }

    // Null when the caller may grant everything the key would hold; otherwise why not.
    private string? Escalation(KeyRecord caller, KeyRecord key, string action)
    {
        if (key.Tenant != caller.Tenant)
        {
            return "a key may only be granted within the caller's tenant";
        }

        if (!Decide(caller, action, TenantResource(caller.Tenant)).Allowed)
        {
            return $"caller lacks {action}";
        }

        if (key.Environment == ApiKeyEnvironment.Live && caller.Environment != ApiKeyEnvironment.Live)
        {
            return "a test key cannot grant a live key";
        }

        var uncovered = key.Roles.FirstOrDefault(r => !_roles.Covers(caller.Roles, r));
        if (uncovered is not null)
        {
            return $"caller does not hold role '{uncovered}' and so cannot grant it";
        }

        if (caller.Station is { } station && key.Station != station)
        {
            return "a station-bound caller can only grant keys for its station";
        }

        return null;
    }

    private (KeyRecord? Key, string? Error) ParseCreate(CreateKeyRequest request, KeyRecord caller, DateTimeOffset now)
    {
        if (!Identifier.IsValid(request.Principal))
        {
            return (null, "principal must be 1-64 ASCII letters, digits, '-' or '_'");
        }

        var tenant = request.Tenant ?? caller.Tenant.Value;
        if (!Identifier.IsValid(tenant))
        {
            return (null, "tenant must be 1-64 ASCII letters, digits, '-' or '_'");
        }

        if (request.Roles is not { Count: > 0 } roles || roles.Any(r => r is null || !_roles.Contains(r)))
        {
            return (null, $"roles must name one or more of: {string.Join(", ", _roles.Names)}");
        }

        var kindName = request.Kind ?? "automation";
        if (!KeyKinds.TryParse(kindName, out var kind))
        {
            return (null, "kind must be operator, automation or edge-agent");
        }

        ApiKeyEnvironment? parsedEnvironment = (request.Environment ?? "live") switch
        {
            "live" => ApiKeyEnvironment.Live,
            "test" => ApiKeyEnvironment.Test,
            _ => null,
        };
        if (parsedEnvironment is not { } environment)
        {
            return (null, "environment must be live or test");
        }

        if (kind == ApiKeyKind.EdgeAgent != (request.Station is not null) || (request.Station is not null && !Identifier.IsValid(request.Station)))
        {
            return (null, "an edge-agent key needs a valid station, and only an edge-agent key may have one");
        }

        var expiresAt = request.ExpiresAt ?? now + _options.DefaultKeyLifetime;
        if (expiresAt <= now)
        {
            return (null, "expiresAt must be in the future");
        }

        var station = request.Station is null ? (StationId?)null : new StationId(request.Station);
        var placeholder = ApiKeyHash.Of(string.Empty);
        return (new KeyRecord(KeyId.New(), placeholder, string.Empty, new PrincipalId(request.Principal!), new TenantId(tenant), roles.Distinct(StringComparer.Ordinal).ToList(),
            station, kind, environment, now, expiresAt, false, null, null), null);
    }

    private Task AuditChangeAsync(DateTimeOffset now, string @event, KeyRecord? caller, KeyRecord? key, bool allowed, string reason, string? source, CancellationToken cancellationToken) =>
        _audit.RecordDurablyAsync(
            new AuditEntry(now, @event, caller?.Principal.Value, key?.Principal.Value, key?.Tenant.Value ?? caller?.Tenant.Value, key?.Id.Value, null, null, allowed, reason, source),
            cancellationToken);

    private static string TenantResource(TenantId tenant) => $"tenant/{tenant.Value}";
}
