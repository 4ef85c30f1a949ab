using GroundStation.Messaging.Client;
using GroundStation.Messaging.Contracts;
using GroundStation.Messaging.Protocol;
using GroundStation.Testing;

namespace GroundStation.Scheduling.Tests;

/// <summary>Plans reach stations through a real mosquitto, retained, so a station that connects later still gets its plan.</summary>
public class MqttPlanPublisherTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static MqttClient Client(MosquittoBroker broker, string id) =>
        new(new MqttClientOptions { Host = broker.Host, Port = broker.Port, ClientId = id }, TimeProvider.System);

    [Fact]
    public async Task A_station_connecting_after_the_plan_was_published_receives_it_retained_and_verifies_it()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var core = Client(broker, "core");
        await core.ConnectAsync().WaitAsync(Timeout);
        using var world = new TestWorld(publisher: new MqttPlanPublisher(core));
        SchedulerServiceTests.TwoSatellitesOneTrack(world);
        var gs1 = StationId.Parse("gs-1");

        // A first listener proves the broker has the plan before the late station connects.
        await using var early = Client(broker, "early");
        await early.ConnectAsync().WaitAsync(Timeout);
        await early.SubscribeAsync(TopicFilter.Parse(GroundStationTopics.Plan(gs1).Value), MqttQualityOfService.AtLeastOnce);
        await world.Scheduler.ReplanAsync("test", CancellationToken.None).WaitAsync(Timeout);
        var live = await early.Messages.ReadAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal(GroundStationTopics.Plan(gs1), live.Topic);

        await using var station = Client(broker, "gs-1-edge");
        await station.ConnectAsync().WaitAsync(Timeout);
        await station.SubscribeAsync(TopicFilter.Parse(GroundStationTopics.Plan(gs1).Value), MqttQualityOfService.AtLeastOnce);
        var retained = await station.Messages.ReadAsync().AsTask().WaitAsync(Timeout);

        Assert.True(retained.Retain);
        Assert.Equal(MqttQualityOfService.AtLeastOnce, retained.Qos);
        using var trust = CoreSigningKey.FromPublicPem(world.SigningKey.ExportPublicPem(), "station config");
        var plan = GroundStationMessages.Decode<SignedEnvelope>(retained.Payload.Span).Open<PassPlan>(trust.Resolve);
        Assert.Equal(gs1, plan.Station);
        Assert.Equal(world.Scheduler.Scheduled(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, gs1).Select(c => c.PassId.Value),
            plan.Passes.Select(p => p.PassId));

        // A key the station does not trust is refused.
        using var stranger = CoreSigningKey.Generate();
        Assert.Throws<MessageFormatException>(() => GroundStationMessages.Decode<SignedEnvelope>(retained.Payload.Span).Open<PassPlan>(stranger.Resolve));
    }
}
