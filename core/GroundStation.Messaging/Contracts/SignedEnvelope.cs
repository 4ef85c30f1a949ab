using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace GroundStation.Messaging.Contracts;

/// <summary>
/// A message signed by the core with ECDSA P-256 (SHA-256, IEEE P1363 signature): pass plans and telecommands travel
/// in it, so a station acts only on what the core's key signed, whatever the broker or the network does. The kind and
/// key id are bound into the signed bytes, so a signed plan cannot be replayed as a command.
/// </summary>
/// <param name="Version">Envelope schema version (1).</param>
/// <param name="Kind">The inner message kind (e.g. "pass-plan", "telecommand").</param>
/// <param name="KeyId">Which core key signed it (stations may trust several during a rotation).</param>
/// <param name="Payload">The inner message's UTF-8 JSON (base64 in the envelope).</param>
/// <param name="Signature">The signature over kind, key id and payload (base64).</param>
public sealed record SignedEnvelope(
    [property: JsonPropertyName("v")] int Version,
    string Kind,
    string KeyId,
    byte[] Payload,
    byte[] Signature) : IVersionedMessage
{
    /// <inheritdoc />
    public static int CurrentVersion => 1;

    /// <inheritdoc />
    static string IVersionedMessage.Kind => "signed-envelope";

    /// <summary>Signs <paramref name="message"/> with <paramref name="key"/> (a P-256 private key) named <paramref name="keyId"/>.</summary>
    public static SignedEnvelope Sign<T>(T message, ECDsa key, string keyId)
        where T : IVersionedMessage
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        var payload = GroundStationMessages.Encode(message);
        var signature = key.SignData(SignedBytes(T.Kind, keyId, payload), HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return new SignedEnvelope(CurrentVersion, T.Kind, keyId, payload, signature);
    }

    /// <summary>
    /// Verifies the signature with the key <paramref name="trustedKeys"/> returns for <see cref="KeyId"/> and decodes the
    /// inner message.
    /// </summary>
    /// <exception cref="MessageFormatException">Wrong kind, unknown key, bad signature, or an invalid inner message.</exception>
    public T Open<T>(Func<string, ECDsa?> trustedKeys)
        where T : class, IVersionedMessage
    {
        ArgumentNullException.ThrowIfNull(trustedKeys);
        if (Kind != T.Kind)
        {
            throw new MessageFormatException($"The envelope holds a {Kind}, not a {T.Kind}.");
        }

        var key = trustedKeys(KeyId) ?? throw new MessageFormatException($"The {Kind} is signed with unknown key '{KeyId}'.");
        if (!VerifySignature(key))
        {
            throw new MessageFormatException($"The {Kind} signature does not verify with key '{KeyId}'.");
        }

        return GroundStationMessages.Decode<T>(Payload);
    }

    /// <summary>
    /// True when <see cref="Signature"/> verifies with <paramref name="key"/> over the kind, key id and payload; for a
    /// receiver that reports which check failed (the edge's command gate) rather than one error from <see cref="Open{T}"/>.
    /// </summary>
    public bool VerifySignature(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.VerifyData(SignedBytes(Kind, KeyId, Payload), Signature, HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private static byte[] SignedBytes(string kind, string keyId, byte[] payload)
    {
        var header = Encoding.UTF8.GetBytes($"gs-envelope/1\0{kind}\0{keyId}\0");
        return [.. header, .. payload];
    }
}
