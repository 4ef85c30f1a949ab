using System.Net;
using GroundStation.Messaging.Broker;
using GroundStation.Messaging.Tests.Faults;
using GroundStation.Testing;

namespace GroundStation.Messaging.Tests.Conformance;

/// <summary>GroundStation's embedded broker as the broker under test, in process, with the same window as mosquitto's fixture.</summary>
public sealed class EmbeddedBrokerFixture : IMqttBrokerUnderTest, IAsyncLifetime
{
    private MqttBroker? _broker;

    public string Name => "embedded";

    public string Host => "127.0.0.1";

    public int Port => (_broker?.TcpEndPoint ?? throw new InvalidOperationException("The embedded broker has not started.")).Port;

    /// <summary>Counters of the broker under test (the suite never makes it count a fault of its own).</summary>
    public BrokerMetrics Metrics => _broker!.Metrics;

    public async Task InitializeAsync()
    {
        // Default limits: the suite must pass with what `gs broker` runs with, not with a queue raised to hide drops.
        _broker = new MqttBroker(new BrokerOptions { TcpEndPoint = new IPEndPoint(IPAddress.Loopback, 0) });
        await _broker.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_broker is not null)
        {
            Assert.Equal(0, _broker.Metrics.InternalErrors);
            await _broker.DisposeAsync();
        }
    }
}

/// <summary>The conformance suite against the embedded broker.</summary>
public sealed class EmbeddedConformanceTests(EmbeddedBrokerFixture broker)
    : MqttConformanceTests(broker), IClassFixture<EmbeddedBrokerFixture>;

/// <summary>The fault tests against `gs broker` in a child process, with its SQLite store when persistent.</summary>
public sealed class EmbeddedFaultToleranceTests : FaultToleranceTests
{
    protected override async Task<IRestartableBroker> StartBrokerAsync(bool persistent) =>
        await GsBrokerProcess.StartAsync(persistent);

    [Fact]
    public Task A_broker_killed_and_restarted_mid_stream_loses_no_qos1_message() => KilledAndRestartedMidStreamLosesNoQos1MessageAsync();
}
