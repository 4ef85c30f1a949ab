namespace GroundStation.Telemetry.Influx.LineProtocol;

/// <summary>
/// One point of line protocol: a measurement, tags sorted by key, at least one field and an optional timestamp
/// (absent: the server stamps it). Build one with <see cref="LinePointBuilder"/>, which sorts and checks it.
/// </summary>
/// <param name="Measurement">The measurement name.</param>
/// <param name="Tags">The tag set, sorted by key in ordinal order.</param>
/// <param name="Fields">The field set, in the order they were added.</param>
/// <param name="Timestamp">When the point was measured; null lets the server use its receive time.</param>
public sealed record LinePoint(
    string Measurement,
    IReadOnlyList<KeyValuePair<string, string>> Tags,
    IReadOnlyList<KeyValuePair<string, FieldValue>> Fields,
    DateTimeOffset? Timestamp)
{
    /// <summary>Starts a point of <paramref name="measurement"/>.</summary>
    public static LinePointBuilder Builder(string measurement) => new(measurement);

    /// <summary>Renders the point as one line of protocol (no trailing newline), checking it first.</summary>
    /// <exception cref="LineProtocolException">The point cannot be carried by line protocol.</exception>
    public string ToLineProtocol(WritePrecision precision = WritePrecision.Nanoseconds) =>
        LineProtocolWriter.Format(this, precision);
}

/// <summary>Builds a <see cref="LinePoint"/>: tags sorted by key, duplicate keys rejected, checked on build.</summary>
public sealed class LinePointBuilder
{
    private readonly string _measurement;
    private readonly List<KeyValuePair<string, string>> _tags = [];
    private readonly List<KeyValuePair<string, FieldValue>> _fields = [];
    private DateTimeOffset? _timestamp;

    /// <summary>Starts a point of <paramref name="measurement"/>.</summary>
    public LinePointBuilder(string measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        _measurement = measurement;
    }

    /// <summary>Adds a tag; a later tag with the same key replaces the earlier one.</summary>
    public LinePointBuilder Tag(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        _tags.RemoveAll(t => t.Key == key);
        _tags.Add(new(key, value));
        return this;
    }

    /// <summary>Adds a field; a later field with the same key replaces the earlier one.</summary>
    public LinePointBuilder Field(string key, FieldValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        _fields.RemoveAll(f => f.Key == key);
        _fields.Add(new(key, value));
        return this;
    }

    /// <summary>Sets the point's timestamp.</summary>
    public LinePointBuilder At(DateTimeOffset timestamp)
    {
        _timestamp = timestamp;
        return this;
    }

    /// <summary>Creates the point, tags sorted by key, after checking that line protocol can carry it.</summary>
    /// <exception cref="LineProtocolException">The point cannot be carried by line protocol.</exception>
    public LinePoint Build()
    {
        // Sorting by key in byte order is what InfluxDB does itself; sending them sorted saves it the work.
        var tags = _tags.ToArray();
        Array.Sort(tags, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var point = new LinePoint(_measurement, tags, _fields.ToArray(), _timestamp);
        LineProtocolWriter.Validate(point);
        return point;
    }
}
