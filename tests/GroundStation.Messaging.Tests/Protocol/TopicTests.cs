using GroundStation.Messaging.Protocol;

namespace GroundStation.Messaging.Tests.Protocol;

public sealed class TopicTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("/")]
    [InlineData("a//b")]
    [InlineData("$SYS/broker/uptime")]
    [InlineData("gs/v1/stations/ABC-1/telemetry")]
    [InlineData("Ωmega/😀")]
    public void Valid_topic_names_parse(string value)
    {
        Assert.Equal(value, TopicName.Parse(value).Value);
        Assert.True(TopicName.TryParse(value, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/+")]
    [InlineData("#")]
    [InlineData("a\0b")]
    public void Invalid_topic_names_are_refused(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => TopicName.Parse(value));
        Assert.Contains("topic name", error.Message, StringComparison.Ordinal);
        Assert.False(TopicName.TryParse(value, out _));
    }

    [Fact]
    public void Lone_surrogates_are_refused_in_names_and_filters()
    {
        // Built at run time: test-case metadata would replace a lone surrogate with U+FFFD.
        foreach (var value in new[] { "a" + (char)0xD800 + "b", ((char)0xDC00).ToString(), "x" + (char)0xD83D })
        {
            Assert.False(TopicName.TryParse(value, out _));
            Assert.False(TopicFilter.TryParse(value, out _));
        }

        Assert.True(TopicName.TryParse("ok/" + (char)0xD83D + (char)0xDE00, out _));
    }

    [Fact]
    public void A_topic_name_longer_than_65535_bytes_is_refused()
    {
        Assert.False(TopicName.TryParse(new string('é', 40_000), out _));
        Assert.True(TopicName.TryParse(new string('a', 65_535), out _));
    }

    [Theory]
    [InlineData("#")]
    [InlineData("+")]
    [InlineData("a/#")]
    [InlineData("+/+/+")]
    [InlineData("a/+/c/#")]
    [InlineData("/+")]
    [InlineData("$SYS/#")]
    [InlineData("$share/group/a/+")]
    public void Valid_topic_filters_parse(string value) => Assert.Equal(value, TopicFilter.Parse(value).Value);

    [Theory]
    [InlineData("")]
    [InlineData("a/#/b")]
    [InlineData("a#")]
    [InlineData("a/b#")]
    [InlineData("a+")]
    [InlineData("a/+b")]
    [InlineData("##")]
    [InlineData("$share/group")]
    [InlineData("$share/group/")]
    [InlineData("$share//a")]
    [InlineData("$share/g+/a")]
    [InlineData("a\0")]
    public void Invalid_topic_filters_are_refused(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => TopicFilter.Parse(value));
        Assert.Contains("topic filter", error.Message, StringComparison.Ordinal);
        Assert.False(TopicFilter.TryParse(value, out _));
    }

    [Fact]
    public void Shared_subscriptions_expose_group_and_filter()
    {
        var shared = TopicFilter.Parse("$share/workers/gs/v1/+/telemetry");
        Assert.True(shared.IsShared);
        Assert.Equal("workers", shared.ShareGroup);
        Assert.Equal("gs/v1/+/telemetry", shared.Filter);
        Assert.True(shared.Matches(TopicName.Parse("gs/v1/x/telemetry")));

        var plain = TopicFilter.Parse("gs/#");
        Assert.False(plain.IsShared);
        Assert.Null(plain.ShareGroup);
        Assert.Equal("gs/#", plain.Filter);
    }

    [Theory]
    [InlineData("a/b", "a/b", true)]
    [InlineData("a/b", "a/c", false)]
    [InlineData("a/b", "a/b/c", false)]
    [InlineData("a/+", "a/b", true)]
    [InlineData("a/+", "a", false)]
    [InlineData("a/+", "a/", true)]
    [InlineData("a/+", "a/b/c", false)]
    [InlineData("+/+", "/a", true)]
    [InlineData("+", "/a", false)]
    [InlineData("/+", "/a", true)]
    [InlineData("a/#", "a", true)]
    [InlineData("a/#", "a/b/c", true)]
    [InlineData("a/#", "ab", false)]
    [InlineData("#", "a/b", true)]
    [InlineData("#", "/", true)]
    [InlineData("+/b/#", "x/b", true)]
    [InlineData("+/b/#", "x/c/d", false)]
    [InlineData("#", "$SYS/uptime", false)]
    [InlineData("+/uptime", "$SYS/uptime", false)]
    [InlineData("$SYS/#", "$SYS/uptime", true)]
    [InlineData("$SYS/+", "$SYS/uptime", true)]
    [InlineData("a/+/c", "a/$x/c", true)]
    public void Filters_match_by_the_spec(string filter, string topic, bool expected)
    {
        Assert.Equal(expected, TopicFilter.Parse(filter).Matches(TopicName.Parse(topic)));
    }

    [Fact]
    public void Topic_types_compare_by_value()
    {
        Assert.Equal(TopicName.Parse("a/b"), TopicName.Parse("a/b"));
        Assert.NotEqual(TopicName.Parse("a/b"), TopicName.Parse("a/B"));
        Assert.Equal(TopicFilter.Parse("a/#"), TopicFilter.Parse("a/#"));
        Assert.Equal(TopicFilter.Parse("a/b"), TopicFilter.From(TopicName.Parse("a/b")));
        Assert.Throws<InvalidOperationException>(() => default(TopicName).Value);
    }
}
