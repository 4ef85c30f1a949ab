using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GroundStation.Messaging.Contracts;

/// <summary>
/// A contact's identifier, chosen by the core's scheduler and used by the core and the edge agent alike (plans,
/// pass events, commands, telemetry frame ids): 1 to 128 characters from A-Z, a-z, 0-9, '-', '_' and '.', so it can
/// sit in a frame id (<c>station/pass/sequence</c>), a URL path segment or a file name without escaping.
/// </summary>
[JsonConverter(typeof(PassIdJsonConverter))]
public readonly record struct PassId
{
    private const int MaximumLength = 128;
    private readonly string? _value;

    private PassId(string value) => _value = value;

    /// <summary>The identifier text.</summary>
    public string Value => _value ?? throw new InvalidOperationException("A default PassId has no value.");

    /// <summary>Validates <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">The value is empty, too long or has a character outside the allowed set.</exception>
    public static PassId Parse(string value) =>
        TryParse(value, out var id)
            ? id
            : throw new ArgumentException(
                $"Invalid pass id '{value}': use 1 to {MaximumLength} characters from A-Z, a-z, 0-9, '-', '_' and '.'.", nameof(value));

    /// <summary>Validates <paramref name="value"/> without throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out PassId id)
    {
        id = default;
        if (string.IsNullOrEmpty(value) || value.Length > MaximumLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        id = new PassId(value);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => _value ?? string.Empty;
}

/// <summary>Writes a <see cref="PassId"/> as a JSON string and validates it when read.</summary>
public sealed class PassIdJsonConverter : JsonConverter<PassId>
{
    /// <inheritdoc />
    public override PassId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        PassId.TryParse(reader.GetString(), out var id)
            ? id
            : throw new JsonException($"'{reader.GetString()}' is not a valid pass id.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, PassId value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Value);
    }
}
