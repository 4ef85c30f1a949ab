using GroundStation.Messaging.Broker.Subscriptions;
using GroundStation.Messaging.Protocol;

namespace GroundStation.Messaging.Tests.Broker;

public sealed class SubscriptionIndexTests
{
    private sealed record Client(string Name)
    {
        public bool Online { get; set; } = true;
    }

    private static readonly Client A = new("a");
    private static readonly Client B = new("b");

    private static SubscriptionIndex<Client> NewIndex() => new(client => client.Online);

    private static List<string> Match(SubscriptionIndex<Client> index, string topic)
    {
        var matches = new List<SubscriptionMatch<Client>>();
        index.Match(topic, matches);
        return matches.Select(m => $"{m.Subscriber.Name}:{(int)m.Qos}").Order(StringComparer.Ordinal).ToList();
    }

    [Theory]
    [InlineData("sport/tennis/player1", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player1", true)]
    [InlineData("sport/+", "sport/tennis/player1", false)]
    [InlineData("sport/#", "sport", true)]
    [InlineData("sport/#", "sport/tennis/player1", true)]
    [InlineData("#", "sport/tennis", true)]
    [InlineData("+/+", "/finance", true)]
    [InlineData("/+", "/finance", true)]
    [InlineData("+", "/finance", false)]
    [InlineData("+/tennis/#", "sport/tennis", true)]
    [InlineData("#", "$SYS/broker", false)]
    [InlineData("+/broker", "$SYS/broker", false)]
    [InlineData("$SYS/#", "$SYS/broker", true)]
    [InlineData("a/+/c", "a//c", true)]
    [InlineData("a/b", "a/b/", false)]
    public void Matches_like_the_specification(string filter, string topic, bool expected)
    {
        using var index = NewIndex();
        index.Subscribe(A, TopicFilter.Parse(filter), MqttQualityOfService.AtLeastOnce);
        Assert.Equal(expected, Match(index, topic).Count == 1);
        Assert.Equal(expected, TopicFilter.Parse(filter).Matches(TopicName.Parse(topic)));
    }

    [Fact]
    public void Overlapping_filters_deliver_once_at_the_highest_qos()
    {
        using var index = NewIndex();
        index.Subscribe(A, TopicFilter.Parse("a/#"), MqttQualityOfService.AtMostOnce);
        index.Subscribe(A, TopicFilter.Parse("a/+"), MqttQualityOfService.ExactlyOnce);
        index.Subscribe(B, TopicFilter.Parse("a/b"), MqttQualityOfService.AtLeastOnce);
        Assert.Equal(["a:2", "b:1"], Match(index, "a/b"));
    }

    [Fact]
    public void Many_overlapping_subscribers_are_each_matched_once()
    {
        using var index = NewIndex();
        var clients = Enumerable.Range(0, 100).Select(i => new Client($"c{i:D3}")).ToList();
        foreach (var client in clients)
        {
            index.Subscribe(client, TopicFilter.Parse("x/#"), MqttQualityOfService.AtMostOnce);
            index.Subscribe(client, TopicFilter.Parse("x/y"), MqttQualityOfService.AtLeastOnce);
        }

        var matched = Match(index, "x/y");
        Assert.Equal(100, matched.Count);
        Assert.All(matched, m => Assert.EndsWith(":1", m, StringComparison.Ordinal));
    }

    [Fact]
    public void Unsubscribe_removes_only_that_filter_and_prunes_the_tree()
    {
        using var index = NewIndex();
        index.Subscribe(A, TopicFilter.Parse("a/b/c"), MqttQualityOfService.AtMostOnce);
        index.Subscribe(B, TopicFilter.Parse("a/b/c"), MqttQualityOfService.AtMostOnce);
        Assert.True(index.Unsubscribe(A, TopicFilter.Parse("a/b/c")));
        Assert.False(index.Unsubscribe(A, TopicFilter.Parse("a/b/c")));
        Assert.False(index.Unsubscribe(A, TopicFilter.Parse("never/subscribed")));
        Assert.Equal(["b:0"], Match(index, "a/b/c"));
        Assert.True(index.Unsubscribe(B, TopicFilter.Parse("a/b/c")));
        Assert.Equal(0, index.Count);
        Assert.Empty(Match(index, "a/b/c"));
    }

    [Fact]
    public void Shared_group_rotates_over_online_members_and_falls_back_when_all_are_offline()
    {
        using var index = NewIndex();
        var c = new Client("c");
        foreach (var client in new[] { A, B, c })
        {
            index.Subscribe(client, TopicFilter.Parse("$share/g/jobs/#"), MqttQualityOfService.AtLeastOnce);
        }

        index.Subscribe(A, TopicFilter.Parse("jobs/#"), MqttQualityOfService.AtMostOnce);
        var picks = Enumerable.Range(0, 6).Select(_ =>
        {
            var matches = new List<SubscriptionMatch<Client>>();
            index.Match("jobs/1", matches);
            Assert.Single(matches, m => !m.IsShared);
            return Assert.Single(matches, m => m.IsShared).Subscriber.Name;
        }).ToList();
        Assert.Equal(2, picks.Count(p => p == "a"));
        Assert.Equal(2, picks.Count(p => p == "b"));
        Assert.Equal(2, picks.Count(p => p == "c"));

        c.Online = false;
        B.Online = false;
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var matches = new List<SubscriptionMatch<Client>>();
                index.Match("jobs/1", matches);
                Assert.Equal("a", Assert.Single(matches, m => m.IsShared).Subscriber.Name);
            }
        }
        finally
        {
            B.Online = true;
        }
    }
}
