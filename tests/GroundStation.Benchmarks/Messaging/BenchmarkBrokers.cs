using GroundStation.Messaging.Client;
using GroundStation.Testing;

namespace GroundStation.Benchmarks.Messaging;

/// <summary>A broker started for a benchmark run: where to connect, and how to stop it.</summary>
public sealed record BenchmarkBroker(string Host, int Port, IAsyncDisposable Lifetime)
{
    /// <summary>
    /// A connected client sized for throughput runs (4,096 in flight, 16,384-message queues), its id a unique name
    /// starting with <paramref name="prefix"/>; <paramref name="manualAcknowledgement"/> as the core's telemetry client.
    /// </summary>
    public async Task<MqttClient> ConnectAsync(string prefix, bool manualAcknowledgement = false)
    {
        var client = new MqttClient(new MqttClientOptions
        {
            Host = Host,
            Port = Port,
            ClientId = $"{prefix}-{Guid.NewGuid():N}"[..20],
            MaximumInFlight = 4096,
            OutboundQueueCapacity = 16_384,
            InboundQueueCapacity = 16_384,
            ManualAcknowledgement = manualAcknowledgement,
        }, TimeProvider.System);
        await client.ConnectAsync();
        return client;
    }
}

/// <summary>
/// The brokers the messaging benchmarks can run against, by the name used in the <c>Broker</c> parameter. Another
/// broker joins with one more entry here and one more value in the benchmarks' <c>[Params]</c>.
/// </summary>
public static class BenchmarkBrokers
{
    /// <summary>Starts the broker called <paramref name="name"/>.</summary>
    public static async Task<BenchmarkBroker> StartAsync(string name)
    {
        switch (name)
        {
            case "mosquitto":
                // mosquitto's defaults (20 in flight, 1000 queued and dropped beyond) would measure its limits, not the link.
                var mosquitto = await MosquittoBroker.StartAsync(new MosquittoSettings
                {
                    MaximumInflightMessages = 1000,
                    MaximumQueuedMessages = 0,
                });
                return new BenchmarkBroker(mosquitto.Host, mosquitto.Port, mosquitto);
            case "embedded":
                // GroundStation's broker as its own process (`gs broker`), with the same window and no queue limit to speak of.
                var embedded = await GsBrokerProcess.StartAsync(persistent: false, "--max-inflight", "1000", "--max-queued", "1000000",
                    "--log-level", "Warning");
                return new BenchmarkBroker(embedded.Host, embedded.Port, embedded);
            default:
                throw new ArgumentException($"Unknown benchmark broker '{name}'.", nameof(name));
        }
    }
}
