using System.Text.Json;
using GroundStation.Messaging.Contracts;

namespace GroundStation.Messaging.Tests.Contracts;

public class PassIdTests
{
    [Theory]
    [InlineData("OH-1.25544.20261122T0812Z")]
    [InlineData("a")]
    public void Accepts_identifiers_from_the_safe_set(string text) => Assert.Equal(text, PassId.Parse(text).Value);

    [Theory]
    [InlineData("")]
    [InlineData("station/pass")]
    [InlineData("pass id")]
    [InlineData("pass+1")]
    public void Refuses_identifiers_outside_the_safe_set(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => PassId.Parse(text));
        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_an_identifier_longer_than_128_characters() =>
        Assert.False(PassId.TryParse(new string('p', 129), out _));

    [Fact]
    public void Round_trips_through_json_and_refuses_an_invalid_value()
    {
        var id = PassId.Parse("GS-2.43017.20261122T0940Z");
        Assert.Equal(id, JsonSerializer.Deserialize<PassId>(JsonSerializer.Serialize(id)));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<PassId>("\"a/b\""));
    }
}
