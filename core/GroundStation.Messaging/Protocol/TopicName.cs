using System.Diagnostics.CodeAnalysis;

namespace GroundStation.Messaging.Protocol;

/// <summary>
/// A topic name as a PUBLISH or a will carries it: non-empty, no '+' or '#', valid MQTT UTF-8, at most 65,535 bytes.
/// </summary>
public readonly struct TopicName : IEquatable<TopicName>
{
    private readonly string? _value;

    private TopicName(string value) => _value = value;

    /// <summary>The topic as text.</summary>
    public string Value => _value ?? throw new InvalidOperationException("A default TopicName has no value; create one with TopicName.Parse.");

    /// <summary>True for topics starting with '$' (broker-internal topics such as $SYS), which a leading wildcard never matches.</summary>
    public bool IsSystemTopic => Value.StartsWith('$');

    /// <summary>Validates <paramref name="value"/> as a topic name.</summary>
    /// <exception cref="ArgumentException">The value breaks a topic-name rule; the message says which.</exception>
    public static TopicName Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (Check(value) is { } problem)
        {
            throw new ArgumentException($"Invalid MQTT topic name '{value}': {problem.Reason}.", nameof(value));
        }

        return new TopicName(value);
    }

    /// <summary>Validates <paramref name="value"/> as a topic name without throwing.</summary>
    public static bool TryParse(string? value, out TopicName topic)
    {
        if (value is not null && Check(value) is null)
        {
            topic = new TopicName(value);
            return true;
        }

        topic = default;
        return false;
    }

    /// <summary>Parses a topic decoded from the wire; a broken rule is a protocol error.</summary>
    internal static TopicName FromWire(string value, string where)
    {
        if (Check(value) is { } problem)
        {
            throw new MqttProtocolException(problem.Violation, $"{where}: topic name '{value}' {problem.Reason}.");
        }

        return new TopicName(value);
    }

    /// <summary>Checks the topic-name rules.</summary>
    /// <returns>Null when valid; otherwise the violation and a description.</returns>
    internal static (MqttProtocolViolation Violation, string Reason)? Check(string value)
    {
        if (value.Length == 0)
        {
            return (MqttProtocolViolation.EmptyTopicName, "is empty");
        }

        if (value.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            return (MqttProtocolViolation.WildcardInTopicName, "contains a wildcard ('+' or '#')");
        }

        return MqttStrings.Check(value, "the topic name");
    }

    /// <inheritdoc />
    public bool Equals(TopicName other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is TopicName other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <inheritdoc />
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Ordinal equality.</summary>
    public static bool operator ==(TopicName left, TopicName right) => left.Equals(right);

    /// <summary>Ordinal inequality.</summary>
    public static bool operator !=(TopicName left, TopicName right) => !left.Equals(right);
}
