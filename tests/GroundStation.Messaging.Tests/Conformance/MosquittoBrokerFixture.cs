using GroundStation.Testing;

namespace GroundStation.Messaging.Tests.Conformance;

/// <summary>mosquitto 2.0 as the broker under test, with unlimited queues so that the suite tests delivery, not limits.</summary>
public sealed class MosquittoBrokerFixture : IMqttBrokerUnderTest, IAsyncLifetime
{
    private MosquittoBroker? _broker;

    public string Name => "mosquitto";

    public string Host => Broker.Host;

    public int Port => Broker.Port;

    private MosquittoBroker Broker => _broker ?? throw new InvalidOperationException("mosquitto has not started.");

    public async Task InitializeAsync() => _broker = await MosquittoBroker.StartAsync(new MosquittoSettings { MaximumInflightMessages = 100 });

    public async Task DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }
}

/// <summary>The conformance suite against mosquitto.</summary>
public sealed class MosquittoConformanceTests(MosquittoBrokerFixture broker)
    : MqttConformanceTests(broker), IClassFixture<MosquittoBrokerFixture>;
