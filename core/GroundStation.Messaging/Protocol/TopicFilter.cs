using System.Diagnostics.CodeAnalysis;

namespace GroundStation.Messaging.Protocol;

/// <summary>
/// A topic filter as SUBSCRIBE and UNSUBSCRIBE carry it: levels separated by '/', '+' alone in a level, '#' alone in the
/// last level; optionally a shared subscription <c>$share/{group}/{filter}</c> (a mosquitto, EMQX and HiveMQ extension
/// to 3.1.1 that MQTT 5 standardised).
/// </summary>
public readonly struct TopicFilter : IEquatable<TopicFilter>
{
    private const string SharePrefix = "$share/";

    private readonly string? _value;
    private readonly string? _filter;
    private readonly string? _shareGroup;

    private TopicFilter(string value, string filter, string? shareGroup)
    {
        _value = value;
        _filter = filter;
        _shareGroup = shareGroup;
    }

    /// <summary>The filter exactly as subscribed, including any <c>$share/{group}/</c> prefix.</summary>
    public string Value => _value ?? throw new InvalidOperationException("A default TopicFilter has no value; create one with TopicFilter.Parse.");

    /// <summary>The part that topics are matched against: <see cref="Value"/> without a share prefix.</summary>
    public string Filter => _filter ?? throw new InvalidOperationException("A default TopicFilter has no value; create one with TopicFilter.Parse.");

    /// <summary>The share group for a shared subscription; null for an ordinary one.</summary>
    public string? ShareGroup => _shareGroup;

    /// <summary>True for a <c>$share/{group}/{filter}</c> subscription.</summary>
    public bool IsShared => _shareGroup is not null;

    /// <summary>True when the filter contains '+' or '#'.</summary>
    public bool HasWildcards => Filter.AsSpan().IndexOfAny('+', '#') >= 0;

    /// <summary>Validates <paramref name="value"/> as a topic filter.</summary>
    /// <exception cref="ArgumentException">The value breaks a topic-filter rule; the message says which.</exception>
    public static TopicFilter Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (TryCreate(value, out var filter, out var problem))
        {
            return filter;
        }

        throw new ArgumentException($"Invalid MQTT topic filter '{value}': {problem.Value.Reason}.", nameof(value));
    }

    /// <summary>Validates <paramref name="value"/> as a topic filter without throwing.</summary>
    public static bool TryParse(string? value, out TopicFilter filter)
    {
        if (value is not null && TryCreate(value, out filter, out _))
        {
            return true;
        }

        filter = default;
        return false;
    }

    /// <summary>A filter that matches exactly one topic.</summary>
    public static TopicFilter From(TopicName topic) => new(topic.Value, topic.Value, null);

    /// <summary>Parses a filter decoded from the wire; a broken rule is a protocol error.</summary>
    internal static TopicFilter FromWire(string value, string where)
    {
        if (TryCreate(value, out var filter, out var problem))
        {
            return filter;
        }

        throw new MqttProtocolException(problem.Value.Violation, $"{where}: topic filter '{value}' {problem.Value.Reason}.");
    }

    /// <summary>True when <paramref name="topic"/> matches this filter (a leading wildcard never matches a '$' topic).</summary>
    public bool Matches(TopicName topic) => Matches(Filter, topic.Value);

    /// <summary>The MQTT 3.1.1 matching rule (section 4.7) on already-validated strings, without allocating.</summary>
    internal static bool Matches(string filter, string topic)
    {
        if (topic.StartsWith('$') && (filter.StartsWith('+') || filter.StartsWith('#')))
        {
            return false;
        }

        var f = 0;
        var t = 0;
        var topicDone = false;
        while (true)
        {
            var fEnd = filter.IndexOf('/', f);
            if (fEnd < 0)
            {
                fEnd = filter.Length;
            }

            var filterLevel = filter.AsSpan(f, fEnd - f);
            if (filterLevel is "#")
            {
                return true;
            }

            if (topicDone)
            {
                return false;
            }

            var tEnd = topic.IndexOf('/', t);
            if (tEnd < 0)
            {
                tEnd = topic.Length;
            }

            if (filterLevel is not "+" && !filterLevel.SequenceEqual(topic.AsSpan(t, tEnd - t)))
            {
                return false;
            }

            var topicLast = tEnd == topic.Length;
            if (fEnd == filter.Length)
            {
                return topicLast;
            }

            f = fEnd + 1;
            if (topicLast)
            {
                topicDone = true;
            }
            else
            {
                t = tEnd + 1;
            }
        }
    }

    private static bool TryCreate(string value, out TopicFilter filter,
        [NotNullWhen(false)] out (MqttProtocolViolation Violation, string Reason)? problem)
    {
        filter = default;
        problem = MqttStrings.Check(value, "the topic filter");
        if (problem is not null)
        {
            return false;
        }

        string? group = null;
        var inner = value;
        if (value.StartsWith(SharePrefix, StringComparison.Ordinal))
        {
            var groupEnd = value.IndexOf('/', SharePrefix.Length);
            if (groupEnd < 0)
            {
                problem = (MqttProtocolViolation.InvalidTopicFilter, "is a shared subscription without a filter ($share/{group}/{filter})");
                return false;
            }

            group = value[SharePrefix.Length..groupEnd];
            if (group.Length == 0 || group.AsSpan().IndexOfAny('+', '#') >= 0)
            {
                problem = (MqttProtocolViolation.InvalidTopicFilter, "has an empty share group or one with a wildcard");
                return false;
            }

            inner = value[(groupEnd + 1)..];
        }

        if (CheckLevels(inner) is { } reason)
        {
            problem = (MqttProtocolViolation.InvalidTopicFilter, reason);
            return false;
        }

        filter = new TopicFilter(value, inner, group);
        return true;
    }

    private static string? CheckLevels(string filter)
    {
        if (filter.Length == 0)
        {
            return "is empty";
        }

        var start = 0;
        while (true)
        {
            var end = filter.IndexOf('/', start);
            var last = end < 0;
            if (last)
            {
                end = filter.Length;
            }

            var level = filter.AsSpan(start, end - start);
            if (level.Contains('#') && (level is not "#" || !last))
            {
                return "uses '#' other than alone in the last level";
            }

            if (level.Contains('+') && level is not "+")
            {
                return "uses '+' other than alone in a level";
            }

            if (last)
            {
                return null;
            }

            start = end + 1;
        }
    }

    /// <inheritdoc />
    public bool Equals(TopicFilter other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is TopicFilter other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <inheritdoc />
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Ordinal equality.</summary>
    public static bool operator ==(TopicFilter left, TopicFilter right) => left.Equals(right);

    /// <summary>Ordinal inequality.</summary>
    public static bool operator !=(TopicFilter left, TopicFilter right) => !left.Equals(right);
}
