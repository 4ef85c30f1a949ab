using System.Buffers;
using System.Globalization;
using System.Text;

namespace GroundStation.Telemetry.Influx.LineProtocol;

/// <summary>
/// Writes points as InfluxDB line protocol, UTF-8, one point per line, escaping each element by its own rules:
/// measurement (commas, spaces), tag keys, tag values and field keys (commas, equals signs, spaces), string field
/// values (double quotes, backslashes). Names and values are encoded straight into the destination buffer.
/// </summary>
public static class LineProtocolWriter
{
    private static readonly SearchValues<char> MeasurementSpecials = SearchValues.Create(", ");
    private static readonly SearchValues<char> KeySpecials = SearchValues.Create(",= ");
    private static readonly SearchValues<char> StringSpecials = SearchValues.Create("\"\\");
    private static readonly SearchValues<char> LineBreaks = SearchValues.Create("\n\r");

    /// <summary>Writes <paramref name="point"/> and a terminating newline to <paramref name="destination"/>.</summary>
    /// <exception cref="LineProtocolException">The point cannot be carried by line protocol; nothing is written.</exception>
    public static void Write(LinePoint point, WritePrecision precision, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(destination);
        var timestamp = Validate(point, precision);

        WriteEscaped(destination, point.Measurement, MeasurementSpecials);
        // Indexed loops: enumerating the IReadOnlyList interfaces would allocate an enumerator per point.
        for (var i = 0; i < point.Tags.Count; i++)
        {
            var (key, value) = point.Tags[i];
            WriteByte(destination, (byte)',');
            WriteEscaped(destination, key, KeySpecials);
            WriteByte(destination, (byte)'=');
            WriteEscaped(destination, value, KeySpecials);
        }

        var separator = (byte)' ';
        for (var i = 0; i < point.Fields.Count; i++)
        {
            var (key, value) = point.Fields[i];
            WriteByte(destination, separator);
            separator = (byte)',';
            WriteEscaped(destination, key, KeySpecials);
            WriteByte(destination, (byte)'=');
            WriteFieldValue(destination, value);
        }

        if (timestamp is { } unix)
        {
            WriteByte(destination, (byte)' ');
            WriteFormattable(destination, unix, default);
        }

        WriteByte(destination, (byte)'\n');
    }

    /// <summary>Renders <paramref name="point"/> as one line, without the trailing newline.</summary>
    /// <exception cref="LineProtocolException">The point cannot be carried by line protocol.</exception>
    public static string Format(LinePoint point, WritePrecision precision = WritePrecision.Nanoseconds)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        Write(point, precision, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan[..^1]);
    }

    /// <summary>Appends <paramref name="point"/> and a newline to <paramref name="builder"/>.</summary>
    /// <exception cref="LineProtocolException">The point cannot be carried by line protocol.</exception>
    public static StringBuilder Append(StringBuilder builder, LinePoint point,
        WritePrecision precision = WritePrecision.Nanoseconds)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Append(Format(point, precision)).Append('\n');
    }

    /// <summary>Checks that line protocol can carry <paramref name="point"/> at nanosecond precision.</summary>
    /// <exception cref="LineProtocolException">It cannot: the message names the point and the element.</exception>
    public static void Validate(LinePoint point) => Validate(point, WritePrecision.Nanoseconds);

    private static long? Validate(LinePoint point, WritePrecision precision)
    {
        ArgumentNullException.ThrowIfNull(point);
        CheckName(point, "measurement", point.Measurement);
        if (point.Measurement[0] == '#')
        {
            throw Fail(point, "the measurement starts with '#', which makes the line a comment");
        }

        string? previous = null;
        for (var i = 0; i < point.Tags.Count; i++)
        {
            var (key, value) = point.Tags[i];
            CheckName(point, "tag key", key);
            CheckName(point, "value of tag", value, key);
            if (previous is not null && string.CompareOrdinal(previous, key) >= 0)
            {
                throw Fail(point, $"tag '{key}' is out of order or repeated (tags must be sorted by key, each once)");
            }

            previous = key;
        }

        if (point.Fields.Count == 0)
        {
            throw Fail(point, "it has no fields (a point needs at least one)");
        }

        for (var i = 0; i < point.Fields.Count; i++)
        {
            var (key, value) = point.Fields[i];
            CheckName(point, "field key", key);
            switch (value.Kind)
            {
                case FieldKind.FloatValue when !double.IsFinite(value.AsFloat):
                    throw Fail(point, $"field '{key}' is {value.AsFloat.ToString(CultureInfo.InvariantCulture)}, which line protocol cannot carry");
                case FieldKind.StringValue when value.AsString.AsSpan().ContainsAny(LineBreaks):
                    throw Fail(point, $"string field '{key}' contains a line break");
                default:
                    break;
            }
        }

        if (point.Timestamp is not { } time)
        {
            return null;
        }

        return precision.TryToUnix(time, out var unix)
            ? unix
            : throw Fail(point, $"timestamp {time:O} does not fit in 64-bit {precision} since 1970");
    }

    // The element's description is only put together when the check fails, so that valid points allocate nothing.
    private static void CheckName(LinePoint point, string element, string value, string? ofKey = null)
    {
        var problem = string.IsNullOrEmpty(value) ? "is empty"
            : value.AsSpan().ContainsAny(LineBreaks) ? "contains a line break"
            // A trailing backslash would escape the separator that follows it and corrupt the line.
            : value[^1] == '\\' ? "ends with a backslash"
            : null;
        if (problem is null)
        {
            return;
        }

        var what = ofKey is null ? element : $"{element} '{ofKey}'";
        throw string.IsNullOrEmpty(value)
            ? Fail(point, $"the {what} {problem}")
            : Fail(point, $"the {what} '{value.ReplaceLineEndings(" ")}' {problem}");
    }

    private static LineProtocolException Fail(LinePoint point, string reason)
    {
        var name = point.Measurement is { Length: > 0 } m ? $"'{m.ReplaceLineEndings(" ")}'" : "(no measurement)";
        var at = point.Timestamp is { } t ? $" at {t:O}" : string.Empty;
        return new LineProtocolException($"Point {name}{at} cannot be written as line protocol: {reason}.");
    }

    private static void WriteFieldValue(IBufferWriter<byte> destination, FieldValue value)
    {
        switch (value.Kind)
        {
            case FieldKind.FloatValue:
                WriteFormattable(destination, value.AsFloat, "R");
                break;
            case FieldKind.IntegerValue:
                WriteFormattable(destination, value.AsInteger, default);
                WriteByte(destination, (byte)'i');
                break;
            case FieldKind.UnsignedValue:
                WriteFormattable(destination, value.AsUnsigned, default);
                WriteByte(destination, (byte)'u');
                break;
            case FieldKind.BooleanValue:
                WriteAscii(destination, value.AsBoolean ? "true"u8 : "false"u8);
                break;
            default:
                WriteByte(destination, (byte)'"');
                WriteEscaped(destination, value.AsString, StringSpecials);
                WriteByte(destination, (byte)'"');
                break;
        }
    }

    private static void WriteEscaped(IBufferWriter<byte> destination, string text, SearchValues<char> specials)
    {
        var rest = text.AsSpan();
        while (true)
        {
            var index = rest.IndexOfAny(specials);
            var plain = index < 0 ? rest : rest[..index];
            if (!plain.IsEmpty)
            {
                var span = destination.GetSpan(Encoding.UTF8.GetMaxByteCount(plain.Length));
                destination.Advance(Encoding.UTF8.GetBytes(plain, span));
            }

            if (index < 0)
            {
                return;
            }

            var escaped = destination.GetSpan(2);
            escaped[0] = (byte)'\\';
            escaped[1] = (byte)rest[index];
            destination.Advance(2);
            rest = rest[(index + 1)..];
        }
    }

    private static void WriteFormattable<T>(IBufferWriter<byte> destination, T value, ReadOnlySpan<char> format)
        where T : IUtf8SpanFormattable
    {
        var span = destination.GetSpan(32);
        if (!value.TryFormat(span, out var written, format, CultureInfo.InvariantCulture))
        {
            span = destination.GetSpan(128);
            value.TryFormat(span, out written, format, CultureInfo.InvariantCulture);
        }

        destination.Advance(written);
    }

    private static void WriteByte(IBufferWriter<byte> destination, byte value)
    {
        destination.GetSpan(1)[0] = value;
        destination.Advance(1);
    }

    private static void WriteAscii(IBufferWriter<byte> destination, ReadOnlySpan<byte> text)
    {
        text.CopyTo(destination.GetSpan(text.Length));
        destination.Advance(text.Length);
    }
}
