using System.Buffers;
using System.Text;
using GroundStation.Telemetry.Influx.LineProtocol;

namespace GroundStation.Telemetry.Influx.Tests;

public sealed class LineProtocolTests
{
    private static readonly DateTimeOffset SpecTime = DateTimeOffset.FromUnixTimeMilliseconds(1465839830100)
        .AddTicks(4002);

    // Known answers: the examples of InfluxDB's line protocol reference ("Special characters" and "Quoting").
    [Theory]
    [InlineData("wea,ther", "location", "us-midwest", "temperature", @"wea\,ther,location=us-midwest temperature=82 1465839830100400200")]
    [InlineData("wea ther", "location", "us-midwest", "temperature", @"wea\ ther,location=us-midwest temperature=82 1465839830100400200")]
    [InlineData("weather", "location", "us,midwest", "temperature", @"weather,location=us\,midwest temperature=82 1465839830100400200")]
    [InlineData("weather", "location", "us-midwest", "temp=rature", @"weather,location=us-midwest temp\=rature=82 1465839830100400200")]
    [InlineData("weather", "location place", "us-midwest", "temperature", @"weather,location\ place=us-midwest temperature=82 1465839830100400200")]
    [InlineData("wea=ther", "loc=ation", "us midwest", "tem,p", @"wea=ther,loc\=ation=us\ midwest tem\,p=82 1465839830100400200")]
    public void Names_are_escaped_per_element(string measurement, string tagKey, string tagValue, string fieldKey,
        string expected)
    {
        var point = LinePoint.Builder(measurement).Tag(tagKey, tagValue).Field(fieldKey, 82.0).At(SpecTime).Build();

        Assert.Equal(expected, point.ToLineProtocol());
    }

    [Theory]
    [InlineData("too\"hot\"", "weather,location=us-midwest temperature=\"too\\\"hot\\\"\"")]
    [InlineData(@"too hot\cold", @"weather,location=us-midwest temperature=""too hot\\cold""")]
    [InlineData("a,b=c d", "weather,location=us-midwest temperature=\"a,b=c d\"")]
    public void String_fields_escape_quotes_and_backslashes_only(string value, string expected)
    {
        var point = LinePoint.Builder("weather").Tag("location", "us-midwest").Field("temperature", value).Build();

        Assert.Equal(expected, point.ToLineProtocol());
    }

    [Fact]
    public void Field_types_carry_their_suffixes()
    {
        var point = LinePoint.Builder("m")
            .Field("f", 1.5).Field("whole", 2.0).Field("big", 1e21).Field("i", long.MinValue)
            .Field("u", FieldValue.FromUInt64(ulong.MaxValue)).Field("t", true).Field("n", false)
            .Build();

        Assert.Equal("m f=1.5,whole=2,big=1E+21,i=-9223372036854775808i,u=18446744073709551615u,t=true,n=false",
            point.ToLineProtocol());
    }

    [Fact]
    public void Tags_are_sorted_by_key_in_byte_order()
    {
        var point = LinePoint.Builder("m").Tag("b", "2").Tag("a", "1").Tag("B", "0").Tag("a", "3")
            .Field("f", 1L).Build();

        Assert.Equal("m,B=0,a=3,b=2 f=1i", point.ToLineProtocol());
    }

    [Theory]
    [InlineData(WritePrecision.Nanoseconds, "m f=1i 1465839830100400200")]
    [InlineData(WritePrecision.Microseconds, "m f=1i 1465839830100400")]
    [InlineData(WritePrecision.Milliseconds, "m f=1i 1465839830100")]
    [InlineData(WritePrecision.Seconds, "m f=1i 1465839830")]
    public void Timestamps_are_written_in_the_precision(WritePrecision precision, string expected)
    {
        var point = LinePoint.Builder("m").Field("f", 1L).At(SpecTime).Build();

        Assert.Equal(expected, point.ToLineProtocol(precision));
    }

    [Fact]
    public void Times_before_1970_round_towards_the_past()
    {
        var point = LinePoint.Builder("m").Field("f", 1L).At(DateTimeOffset.UnixEpoch.AddMilliseconds(-1.5)).Build();

        Assert.Equal("m f=1i -2", point.ToLineProtocol(WritePrecision.Milliseconds));
        Assert.Equal("m f=1i -1500000", point.ToLineProtocol(WritePrecision.Nanoseconds));
    }

    [Fact]
    public void Multibyte_names_are_encoded_as_utf8()
    {
        var buffer = new ArrayBufferWriter<byte>();
        LineProtocolWriter.Write(LinePoint.Builder("température").Tag("lieu", "Zürich ost").Field("°C", 1L).Build(),
            WritePrecision.Nanoseconds, buffer);

        Assert.Equal("température,lieu=Zürich\\ ost °C=1i\n", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void String_builder_output_matches_the_byte_writer()
    {
        var point = LinePoint.Builder("m x").Tag("k", "v v").Field("s", "q\"").At(SpecTime).Build();
        var builder = new StringBuilder();

        LineProtocolWriter.Append(builder, point);
        LineProtocolWriter.Append(builder, point, WritePrecision.Seconds);

        Assert.Equal("m\\ x,k=v\\ v s=\"q\\\"\" 1465839830100400200\nm\\ x,k=v\\ v s=\"q\\\"\" 1465839830\n",
            builder.ToString());
    }

    public static TheoryData<string, Func<LinePoint>> Invalid => new()
    {
        { "the measurement is empty", () => LinePoint.Builder(string.Empty).Field("f", 1.0).Build() },
        { "no fields", () => LinePoint.Builder("m").Tag("a", "b").Build() },
        { "field 'f' is NaN", () => LinePoint.Builder("m").Field("f", double.NaN).Build() },
        { "field 'g' is Infinity", () => LinePoint.Builder("m").Field("g", double.PositiveInfinity).Build() },
        { "tag key 'a\nb' contains a line break".Replace("\n", " ", StringComparison.Ordinal),
            () => LinePoint.Builder("m").Tag("a\nb", "v").Field("f", 1.0).Build() },
        { "the value of tag 'a' is empty", () => LinePoint.Builder("m").Tag("a", string.Empty).Field("f", 1.0).Build() },
        { "string field 's' contains a line break", () => LinePoint.Builder("m").Field("s", "x\ny").Build() },
        { "the field key 'x\\' ends with a backslash", () => LinePoint.Builder("m").Field("x\\", 1.0).Build() },
        { "starts with '#'", () => LinePoint.Builder("#m").Field("f", 1.0).Build() },
        { "does not fit", () => LinePoint.Builder("m").Field("f", 1.0).At(DateTimeOffset.MaxValue).Build() },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Points_the_protocol_cannot_carry_are_refused_naming_point_and_element(string reason,
        Func<LinePoint> build)
    {
        var error = Assert.Throws<LineProtocolException>(build);

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Point ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_order_tags_in_a_hand_made_point_are_refused()
    {
        var point = new LinePoint("m", [new("b", "1"), new("a", "2")], [new("f", FieldValue.FromInt64(1))], null);

        var error = Assert.Throws<LineProtocolException>(() => point.ToLineProtocol());

        Assert.Contains("tag 'a' is out of order", error.Message, StringComparison.Ordinal);
    }
}
