using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GroundStation.Messaging.Contracts;

/// <summary>
/// A ground station's identifier: 1 to 64 characters from A-Z, a-z, 0-9, '-' and '_', so that it is always one safe
/// MQTT topic level (no '/', '+', '#' or '$').
/// </summary>
[JsonConverter(typeof(StationIdJsonConverter))]
public readonly record struct StationId
{
    private const int MaximumLength = 64;
    private readonly string? _value;

    private StationId(string value) => _value = value;

    /// <summary>The identifier text.</summary>
    public string Value => _value ?? throw new InvalidOperationException("A default StationId has no value.");

    /// <summary>Validates <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">The value is empty, too long or has a character outside the allowed set.</exception>
    public static StationId Parse(string value) =>
        TryParse(value, out var id)
            ? id
            : throw new ArgumentException(
                $"Invalid station id '{value}': use 1 to {MaximumLength} characters from A-Z, a-z, 0-9, '-' and '_'.", nameof(value));

    /// <summary>Validates <paramref name="value"/> without throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out StationId id)
    {
        id = default;
        if (string.IsNullOrEmpty(value) || value.Length > MaximumLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        id = new StationId(value);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => _value ?? string.Empty;
}

/// <summary>Writes a <see cref="StationId"/> as a JSON string and validates it when read.</summary>
public sealed class StationIdJsonConverter : JsonConverter<StationId>
{
    /// <inheritdoc />
    public override StationId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        StationId.TryParse(reader.GetString(), out var id)
            ? id
            : throw new JsonException($"'{reader.GetString()}' is not a valid station id.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, StationId value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Value);
    }
}
