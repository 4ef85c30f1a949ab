using BenchmarkDotNet.Attributes;
using GroundStation.Messaging.Client;
using GroundStation.Messaging.Protocol;

namespace GroundStation.Benchmarks.Messaging;

/// <summary>
/// Issue 3, acceptance 5: one publisher and one subscriber (GroundStation's client) on loopback through a real broker,
/// 64-byte payloads, measured end to end: an operation is one message, and an invocation ends when the subscriber has
/// received every message published in it. Messages per second = 1e9 / (ns per operation).
/// Targets: QoS 0 at least 150 k msg/s, QoS 1 at least 50 k msg/s through mosquitto; embedded/mosquitto ratio >= 1.
/// </summary>
[MemoryDiagnoser]
public class MqttThroughputBenchmarks
{
    private const int MessagesPerInvocation = 100_000;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private readonly byte[] _payload = new byte[64];
    private BenchmarkBroker? _broker;
    private MqttClient? _publisher;
    private MqttClient? _subscriber;
    private MqttApplicationMessage? _message;

    /// <summary>The broker in the middle (see <see cref="BenchmarkBrokers"/>).</summary>
    [Params("mosquitto", "embedded")]
    public string Broker { get; set; } = "mosquitto";

    /// <summary>The QoS of publication and subscription.</summary>
    [Params(MqttQualityOfService.AtMostOnce, MqttQualityOfService.AtLeastOnce)]
    public MqttQualityOfService Qos { get; set; }

    // Synchronous entry points: BenchmarkDotNet's in-process toolchain does not await asynchronous setup methods.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _broker = await BenchmarkBrokers.StartAsync(Broker);
        var topic = TopicName.Parse("bench/" + Guid.NewGuid().ToString("N"));
        _subscriber = await _broker.ConnectAsync("bench-sub");
        await _subscriber.SubscribeAsync(TopicFilter.From(topic), Qos);
        _publisher = await _broker.ConnectAsync("bench-pub");
        _message = new MqttApplicationMessage(topic, _payload, Qos);
    }

    private async Task CleanupAsync()
    {
        if (_publisher is not null)
        {
            await _publisher.DisposeAsync();
        }

        if (_subscriber is not null)
        {
            await _subscriber.DisposeAsync();
        }

        if (_broker is not null)
        {
            await _broker.Lifetime.DisposeAsync();
        }
    }

    [Benchmark(OperationsPerInvoke = MessagesPerInvocation)]
    public async Task PublishAndReceive()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var receiving = ReceiveAsync(_subscriber!, MessagesPerInvocation, deadline.Token);
        for (var i = 0; i < MessagesPerInvocation; i++)
        {
            await _publisher!.PublishAsync(_message!, deadline.Token);
        }

        await receiving;
    }

    private static async Task ReceiveAsync(MqttClient subscriber, int count, CancellationToken cancellationToken)
    {
        var reader = subscriber.Messages;
        var received = 0;
        try
        {
            while (received < count)
            {
                while (received < count && reader.TryRead(out _))
                {
                    received++;
                }

                if (received < count)
                {
                    await reader.WaitToReadAsync(cancellationToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The subscriber received {received} of {count} messages within {Deadline}.");
        }
    }

}
