namespace GroundStation.Iam.Audit;

/// <summary>What the audit log records about one event, before it is chained.</summary>
/// <param name="Time">When it happened.</param>
/// <param name="Event">What happened, e.g. <c>key.create</c>, <c>key.revoke</c>, <c>verify</c>, <c>authenticate</c>.</param>
/// <param name="Actor">The principal that asked, when known.</param>
/// <param name="Principal">The principal the event is about (the key's holder), when known.</param>
/// <param name="Tenant">That principal's tenant, when known.</param>
/// <param name="KeyId">The key concerned, when known.</param>
/// <param name="Action">The action asked for, when any.</param>
/// <param name="Resource">The resource asked for, when any.</param>
/// <param name="Allowed">The decision.</param>
/// <param name="Reason">Why.</param>
/// <param name="Source">The remote address, when the event came over the network.</param>
public sealed record AuditEntry(
    DateTimeOffset Time,
    string Event,
    string? Actor,
    string? Principal,
    string? Tenant,
    string? KeyId,
    string? Action,
    string? Resource,
    bool Allowed,
    string Reason,
    string? Source)
{
    /// <summary>The same entry with every free-text field passed through <see cref="SecretRedactor"/>.</summary>
    public AuditEntry Redacted() => this with
    {
        Actor = SecretRedactor.Redact(Actor),
        Principal = SecretRedactor.Redact(Principal),
        Action = SecretRedactor.Redact(Action),
        Resource = SecretRedactor.Redact(Resource),
        Reason = SecretRedactor.Redact(Reason) ?? string.Empty,
        Source = SecretRedactor.Redact(Source),
    };
}

/// <summary>An audit entry as stored: numbered and chained to the one before.</summary>
/// <param name="Sequence">Position in the log, from 1, without gaps.</param>
/// <param name="Entry">What was recorded.</param>
/// <param name="PreviousHash">The hash of record <c>Sequence - 1</c> (32 zero bytes for the first).</param>
/// <param name="Hash">SHA-256 over the previous hash and this record's canonical form.</param>
public sealed record AuditRecord(long Sequence, AuditEntry Entry, byte[] PreviousHash, byte[] Hash);
