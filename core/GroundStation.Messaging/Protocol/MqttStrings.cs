using System.Text;
using System.Text.Unicode;

namespace GroundStation.Messaging.Protocol;

/// <summary>The MQTT 3.1.1 rules for UTF-8 encoded strings (section 1.5.3), shared by the codec and the topic types.</summary>
internal static class MqttStrings
{
    /// <summary>The largest string or binary field: its length prefix is two bytes.</summary>
    public const int MaximumLength = ushort.MaxValue;

    /// <summary>Checks a .NET string against the rules: no U+0000, no lone surrogate, at most 65,535 UTF-8 bytes.</summary>
    /// <returns>Null when valid; otherwise the violation and a description.</returns>
    public static (MqttProtocolViolation Violation, string Reason)? Check(string value, string what)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            return (MqttProtocolViolation.NullCharacterInString, $"{what} contains U+0000");
        }

        if (Utf16HasLoneSurrogate(value))
        {
            return (MqttProtocolViolation.InvalidUtf8String, $"{what} contains an unpaired surrogate");
        }

        if (Encoding.UTF8.GetByteCount(value) > MaximumLength)
        {
            return (MqttProtocolViolation.StringTooLong, $"{what} is longer than {MaximumLength} bytes in UTF-8");
        }

        return null;
    }

    /// <summary>Decodes MQTT string bytes, rejecting ill-formed UTF-8 (surrogates, overlong forms) and U+0000.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string what)
    {
        if (bytes.Contains((byte)0))
        {
            throw new MqttProtocolException(MqttProtocolViolation.NullCharacterInString, $"{what} contains U+0000.");
        }

        // Utf8.IsValid rejects encoded surrogates (ED A0..BF) and overlong forms, as MQTT-1.5.3-1 requires.
        if (!Utf8.IsValid(bytes))
        {
            throw new MqttProtocolException(MqttProtocolViolation.InvalidUtf8String, $"{what} is not well-formed UTF-8.");
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private static bool Utf16HasLoneSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return true;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }
}
