using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace GroundStation.Messaging.Contracts;

/// <summary>A payload could not be read: malformed JSON, a missing or invalid field, or an unsupported version.</summary>
public sealed class MessageFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MessageFormatException()
    {
    }

    /// <summary>Creates the exception with a message naming what is wrong.</summary>
    public MessageFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public MessageFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Encodes and decodes GroundStation payloads as UTF-8 JSON through source-generated serializers (trim-safe).</summary>
public static class GroundStationMessages
{
    /// <summary>Encodes <paramref name="message"/> as UTF-8 JSON.</summary>
    public static byte[] Encode<T>(T message)
        where T : IVersionedMessage =>
        JsonSerializer.SerializeToUtf8Bytes(message, TypeInfo<T>());

    /// <summary>Decodes a payload, checking that every required field is present and that the version is supported.</summary>
    /// <exception cref="MessageFormatException">The payload is not a valid message of this kind and version.</exception>
    public static T Decode<T>(ReadOnlySpan<byte> json)
        where T : class, IVersionedMessage
    {
        T? message;
        try
        {
            message = JsonSerializer.Deserialize(json, TypeInfo<T>());
        }
        catch (JsonException error)
        {
            throw new MessageFormatException($"Invalid {T.Kind} message: {error.Message}", error);
        }

        if (message is null)
        {
            throw new MessageFormatException($"Invalid {T.Kind} message: the payload is JSON null.");
        }

        if (message.Version != T.CurrentVersion)
        {
            throw new MessageFormatException(
                $"Unsupported {T.Kind} message version {message.Version}; this build reads version {T.CurrentVersion}.");
        }

        return message;
    }

    private static JsonTypeInfo<T> TypeInfo<T>() =>
        (JsonTypeInfo<T>?)GroundStationJsonContext.Default.GetTypeInfo(typeof(T))
        ?? throw new InvalidOperationException($"{typeof(T).Name} is not registered in GroundStationJsonContext.");
}

/// <summary>The source-generated JSON metadata for every GroundStation payload.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(TelemetryFrame))]
[JsonSerializable(typeof(StationStatus))]
[JsonSerializable(typeof(StationPresence))]
[JsonSerializable(typeof(PassPlan))]
[JsonSerializable(typeof(PassEvent))]
[JsonSerializable(typeof(Telecommand))]
[JsonSerializable(typeof(CommandAck))]
[JsonSerializable(typeof(SignedEnvelope))]
public sealed partial class GroundStationJsonContext : JsonSerializerContext;
