using System.Security.Cryptography;
using GroundStation.Messaging.Contracts;

namespace GroundStation.Edge.Commanding;

/// <summary>The stateless checks of a command message; <paramref name="Command"/> is set only when all passed.</summary>
internal sealed record Verdict(Telecommand? Command, string? CommandId, string? PassId, string? Code, string Detail);

/// <summary>
/// Checks a message from the commands topic without any state: envelope, kind, key, signature, content, station and
/// clock. Each failure gets its own code, checked in that order, so the report says what was wrong first.
/// </summary>
internal static class TelecommandVerifier
{
    public static Verdict Verify(ReadOnlySpan<byte> payload, CommandGateOptions options, DateTimeOffset now)
    {
        SignedEnvelope envelope;
        try
        {
            envelope = GroundStationMessages.Decode<SignedEnvelope>(payload);
        }
        catch (MessageFormatException envelopeError)
        {
            return TryDecode(payload) is { } bare
                ? Refuse(bare, CommandFailureCodes.NotSigned, "a bare telecommand, not in a signed envelope")
                : new Verdict(null, null, null, CommandFailureCodes.Malformed, $"not a signed envelope: {envelopeError.Message}");
        }

        if (envelope.Signature.Length == 0)
        {
            return Refuse(TryDecode(envelope.Payload), CommandFailureCodes.NotSigned, "the envelope carries no signature");
        }

        if (!string.Equals(envelope.Kind, Telecommand.Kind, StringComparison.Ordinal))
        {
            return new Verdict(null, null, null, CommandFailureCodes.WrongKind,
                $"the envelope holds a '{envelope.Kind}', not a '{Telecommand.Kind}'");
        }

        // The command id of an unverified payload is only used to report the refusal; nothing else is trusted from it.
        if (options.TrustedKeys(envelope.KeyId) is not { } key)
        {
            return Refuse(TryDecode(envelope.Payload), CommandFailureCodes.UnknownKey, $"key id '{envelope.KeyId}' is not trusted");
        }

        if (!VerifiesWith(envelope, key))
        {
            return Refuse(TryDecode(envelope.Payload), CommandFailureCodes.BadSignature,
                $"the signature does not verify with key '{envelope.KeyId}'");
        }

        Telecommand command;
        try
        {
            command = GroundStationMessages.Decode<Telecommand>(envelope.Payload);
        }
        catch (MessageFormatException error)
        {
            return new Verdict(null, null, null, CommandFailureCodes.Malformed, $"signed payload: {error.Message}");
        }

        if (Invalid(command) is { } problem)
        {
            return Refuse(string.IsNullOrEmpty(command.CommandId) ? null : command, CommandFailureCodes.Malformed, problem);
        }

        if (command.Station != options.Station)
        {
            return Refuse(command, CommandFailureCodes.WrongStation, $"addressed to station '{command.Station}', this is '{options.Station}'");
        }

        if (command.IssuedAt > now + options.MaxClockSkew)
        {
            return Refuse(command, CommandFailureCodes.IssuedInFuture,
                $"issued at {command.IssuedAt:O}, more than {options.MaxClockSkew} after the station's clock ({now:O})");
        }

        if (now >= command.ExpiresAt)
        {
            return Refuse(command, CommandFailureCodes.Expired, $"expired at {command.ExpiresAt:O} (station clock {now:O})");
        }

        return new Verdict(command, command.CommandId, command.PassId, null, "verified");
    }

    private static string? Invalid(Telecommand command)
    {
        if (string.IsNullOrWhiteSpace(command.CommandId))
        {
            return "commandId is empty";
        }

        if (!PassId.TryParse(command.PassId, out _))
        {
            return $"passId '{command.PassId}' is not a valid pass id";
        }

        if (string.IsNullOrWhiteSpace(command.Nonce))
        {
            return "nonce is empty";
        }

        if (command.Payload.Length == 0)
        {
            return "payload is empty";
        }

        return command.ExpiresAt <= command.IssuedAt
            ? $"expiresAt ({command.ExpiresAt:O}) is not after issuedAt ({command.IssuedAt:O})"
            : null;
    }

    private static bool VerifiesWith(SignedEnvelope envelope, ECDsa key)
    {
        try
        {
            return envelope.VerifySignature(key);
        }
        catch (CryptographicException)
        {
            // A signature of the wrong shape cannot verify.
            return false;
        }
    }

    private static Telecommand? TryDecode(ReadOnlySpan<byte> payload)
    {
        try
        {
            return GroundStationMessages.Decode<Telecommand>(payload);
        }
        catch (MessageFormatException)
        {
            // Not a telecommand: the refusal is then reported without a command id.
            return null;
        }
    }

    private static Verdict Refuse(Telecommand? command, string code, string detail) =>
        new(null, command?.CommandId, command?.PassId, code, detail);
}
