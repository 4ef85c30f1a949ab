using GroundStation.Messaging.Client;
using GroundStation.Messaging.Contracts;
using GroundStation.Messaging.Protocol;
using GroundStation.Testing;

namespace GroundStation.Edge.Commanding.Tests;

public sealed class MqttAckTests : IDisposable
{
    private static readonly StationId Station = StationId.Parse("gs-mqtt");
    private static readonly DateTimeOffset Aos = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly PassId Pass = PassId.Parse("gs-mqtt.25544.20261206T1200Z");
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Every_stage_reaches_the_core_through_mosquitto_in_order_even_across_a_broker_outage()
    {
        await using var broker = await MosquittoBroker.StartAsync(new MosquittoSettings { Persistence = true, MaximumInflightMessages = 0 });
        await using var core = await Client(broker, "core-acks");
        await core.ConnectAsync();
        Assert.Equal(MqttSubscribeReturnCode.GrantedQos1,
            await core.SubscribeAsync(TopicFilter.Parse(GroundStationTopics.CommandAcks(Station).Value), MqttQualityOfService.AtLeastOnce));
        var received = new List<CommandAck>();
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            await foreach (var message in core.Messages.ReadAllAsync(stop.Token))
            {
                lock (received)
                {
                    received.Add(GroundStationMessages.Decode<CommandAck>(message.Payload.Span));
                }
            }
        });
        IReadOnlyList<string> Stages()
        {
            lock (received)
            {
                return [.. received.Select(a => a.Stage.ToString()).Distinct()];
            }
        }

        await using var edge = await Client(broker, Station.Value);
        await edge.ConnectAsync();
        var time = new ManualTimeProvider(Aos.AddMinutes(-5));
        var plan = new PlanDirectory();
        plan.Add(new PassWindow(Pass, Aos, Aos.AddMinutes(8)));
        var windows = new WindowStates();
        windows.Set(Pass, UplinkWindowState.NotYetOpen);
        var uplink = new RecordingUplink(time);
        using var key = CoreSigningKey.Generate();
        await using var gate = await CommandGate.OpenAsync(new CommandGateOptions
        {
            Station = Station,
            TrustedKeys = key.Resolve,
            DatabasePath = _directory.File("gate.db"),
        }, time, plan, windows, uplink, new MqttCommandAckPublisher(edge));
        var run = gate.RunAsync(stop.Token);

        var command = new Telecommand(1, "cmd-overmqtt0001", Station, Pass.Value, 25544, "n-1", time.GetUtcNow(),
            Aos.AddMinutes(30), [0x01, 0x00, 0x07, 0x01, 0x00], new IamDecision("d-1", "alice", "bob", time.GetUtcNow()));
        Assert.True((await gate.ReceiveAsync(GroundStationMessages.Encode(key.Sign(command)))).Accepted);
        await Eventually.TrueAsync(() => Stages().SequenceEqual(["Queued"]), () => "the core got Queued");

        // The broker goes away; the pass starts and the command goes out; its acks wait in the outbox.
        await broker.StopAsync();
        time.SetUtcNow(Aos.AddSeconds(10));
        windows.Set(Pass, UplinkWindowState.Open);
        gate.Wake();
        await Eventually.TrueAsync(() => gate.Find(command.CommandId)!.Stage == CommandStage.Sent, () => "the command was sent");
        Assert.Single(uplink.Sent);
        Assert.Equal(2, gate.PendingAcks);

        await broker.RestartAsync();
        await Eventually.TrueAsync(() => Stages().Count == 3, () => $"the core got every stage (has {string.Join(", ", Stages())})");
        Assert.Equal(["Queued", "Released", "Sent"], Stages());
        await Eventually.TrueAsync(() => gate.PendingAcks == 0, () => "the outbox is empty");
        lock (received)
        {
            Assert.All(received, a => Assert.Equal(Station, a.Station));
            Assert.All(received, a => Assert.Equal(command.CommandId, a.CommandId));
        }

        await stop.CancelAsync();
        await run;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader);
    }

    private static Task<MqttClient> Client(MosquittoBroker broker, string clientId) =>
        Task.FromResult(new MqttClient(new MqttClientOptions
        {
            Host = broker.Host,
            Port = broker.Port,
            ClientId = clientId,
            CleanSession = false,
            ReconnectMinimumDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaximumDelay = TimeSpan.FromMilliseconds(200),
        }, TimeProvider.System));
}
