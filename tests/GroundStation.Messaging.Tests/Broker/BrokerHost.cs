using System.Net;
using GroundStation.Messaging.Broker;

namespace GroundStation.Messaging.Tests.Broker;

/// <summary>An in-process broker on a free loopback port, stopped when disposed.</summary>
internal sealed class BrokerHost : IAsyncDisposable
{
    private BrokerHost(MqttBroker broker) => Broker = broker;

    public MqttBroker Broker { get; }

    public IPEndPoint EndPoint => Broker.TcpEndPoint!;

    public int Port => EndPoint.Port;

    public static async Task<BrokerHost> StartAsync(Action<BrokerOptions>? configure = null,
        IBrokerAuthenticator? authenticator = null, IBrokerAuthorizer? authorizer = null, TimeProvider? time = null)
    {
        var options = new BrokerOptions { TcpEndPoint = new IPEndPoint(IPAddress.Loopback, 0) };
        configure?.Invoke(options);
        var broker = new MqttBroker(options, authenticator, authorizer, time);
        await broker.StartAsync();
        return new BrokerHost(broker);
    }

    /// <summary>Fails the test if the broker counted a fault of its own.</summary>
    public void AssertNoInternalErrors() => Assert.Equal(0, Broker.Metrics.InternalErrors);

    public async ValueTask DisposeAsync() => await Broker.DisposeAsync();
}
