using System.Globalization;

namespace GroundStation.Telemetry.Influx.LineProtocol;

/// <summary>The kinds of field value line protocol can carry.</summary>
public enum FieldKind
{
    /// <summary>A 64-bit IEEE-754 float, written without a suffix.</summary>
    FloatValue,

    /// <summary>A signed 64-bit integer, written with the <c>i</c> suffix.</summary>
    IntegerValue,

    /// <summary>An unsigned 64-bit integer, written with the <c>u</c> suffix (InfluxDB 2.x/3.x; 1.x rejects it).</summary>
    UnsignedValue,

    /// <summary>A boolean, written as <c>true</c> or <c>false</c>.</summary>
    BooleanValue,

    /// <summary>A string, written in double quotes with quotes and backslashes escaped.</summary>
    StringValue,
}

/// <summary>One field value of a point: a float, integer, unsigned integer, boolean or string.</summary>
public readonly record struct FieldValue
{
    private readonly double _float;
    private readonly long _integer;
    private readonly string? _string;

    private FieldValue(FieldKind kind, double @float, long integer, string? text)
    {
        Kind = kind;
        _float = @float;
        _integer = integer;
        _string = text;
    }

    /// <summary>Which kind of value this is.</summary>
    public FieldKind Kind { get; }

    /// <summary>The float value; only meaningful when <see cref="Kind"/> is <see cref="FieldKind.FloatValue"/>.</summary>
    public double AsFloat => Kind == FieldKind.FloatValue ? _float : throw WrongKind(FieldKind.FloatValue);

    /// <summary>The integer value; only meaningful when <see cref="Kind"/> is <see cref="FieldKind.IntegerValue"/>.</summary>
    public long AsInteger => Kind == FieldKind.IntegerValue ? _integer : throw WrongKind(FieldKind.IntegerValue);

    /// <summary>The unsigned value; only meaningful when <see cref="Kind"/> is <see cref="FieldKind.UnsignedValue"/>.</summary>
    public ulong AsUnsigned => Kind == FieldKind.UnsignedValue ? unchecked((ulong)_integer) : throw WrongKind(FieldKind.UnsignedValue);

    /// <summary>The boolean value; only meaningful when <see cref="Kind"/> is <see cref="FieldKind.BooleanValue"/>.</summary>
    public bool AsBoolean => Kind == FieldKind.BooleanValue ? _integer != 0 : throw WrongKind(FieldKind.BooleanValue);

    /// <summary>The string value; only meaningful when <see cref="Kind"/> is <see cref="FieldKind.StringValue"/>.</summary>
    public string AsString => Kind == FieldKind.StringValue ? _string! : throw WrongKind(FieldKind.StringValue);

    /// <summary>A float value.</summary>
    public static FieldValue FromDouble(double value) => new(FieldKind.FloatValue, value, 0, null);

    /// <summary>A signed integer value.</summary>
    public static FieldValue FromInt64(long value) => new(FieldKind.IntegerValue, 0, value, null);

    /// <summary>An unsigned integer value. InfluxDB 1.x does not accept unsigned fields.</summary>
    public static FieldValue FromUInt64(ulong value) => new(FieldKind.UnsignedValue, 0, unchecked((long)value), null);

    /// <summary>A boolean value.</summary>
    public static FieldValue FromBoolean(bool value) => new(FieldKind.BooleanValue, 0, value ? 1 : 0, null);

    /// <summary>A string value.</summary>
    public static FieldValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(FieldKind.StringValue, 0, 0, value);
    }

    /// <summary>Converts a double to a float field value.</summary>
    public static implicit operator FieldValue(double value) => FromDouble(value);

    /// <summary>Converts a long to an integer field value.</summary>
    public static implicit operator FieldValue(long value) => FromInt64(value);

    /// <summary>Converts a bool to a boolean field value.</summary>
    public static implicit operator FieldValue(bool value) => FromBoolean(value);

    /// <summary>Converts a string to a string field value.</summary>
    public static implicit operator FieldValue(string value) => FromString(value);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        FieldKind.FloatValue => _float.ToString("R", CultureInfo.InvariantCulture),
        FieldKind.IntegerValue => _integer.ToString(CultureInfo.InvariantCulture) + "i",
        FieldKind.UnsignedValue => unchecked((ulong)_integer).ToString(CultureInfo.InvariantCulture) + "u",
        FieldKind.BooleanValue => _integer != 0 ? "true" : "false",
        _ => _string!,
    };

    private InvalidOperationException WrongKind(FieldKind wanted) =>
        new($"The field value is {Kind}, not {wanted}.");
}
