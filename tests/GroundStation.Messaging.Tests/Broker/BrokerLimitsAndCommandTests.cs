using GroundStation.Messaging.Broker;
using GroundStation.Messaging.Protocol;
using GroundStation.Testing;

namespace GroundStation.Messaging.Tests.Broker;

public sealed class BrokerLimitsAndCommandTests
{
    [Fact]
    public async Task Connections_beyond_the_limit_are_closed_and_counted()
    {
        await using var host = await BrokerHost.StartAsync(o => o.MaxConnections = 2);
        var (first, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "one");
        var (second, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "two");
        await using var _1 = first;
        await using var _2 = second;

        await using var third = await RawMqttClient.ConnectTcpAsync(host.EndPoint);
        Assert.Empty(await third.ExpectClosedAsync());
        Assert.Equal(1, host.Broker.Metrics.ConnectionsRefused);
        Assert.Equal(2, host.Broker.Metrics.ConnectionsOpen);
    }

    [Theory]
    [InlineData(nameof(BrokerOptions.MaxConnections))]
    [InlineData(nameof(BrokerOptions.MaxPacketSize))]
    [InlineData(nameof(BrokerOptions.TlsCertificate))]
    public void Bad_options_are_refused_naming_the_option(string option)
    {
        var options = new BrokerOptions();
        switch (option)
        {
            case nameof(BrokerOptions.MaxConnections):
                options.MaxConnections = 0;
                break;
            case nameof(BrokerOptions.MaxPacketSize):
                options.MaxPacketSize = 3;
                break;
            default:
                options.TlsEndPoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0);
                break;
        }

        var error = Assert.ThrowsAny<ArgumentException>(options.Validate);
        Assert.Contains(option, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gs_broker_with_a_bad_listen_address_exits_with_code_2_and_says_why()
    {
        await using var gs = PeerProcess.Start("dotnet", "dotnet-sdk-10.0",
            [Path.Combine(AppContext.BaseDirectory, "gs.dll"), "broker", "--listen", "not-an-address"]);
        var line = await gs.WaitForLineAsync(l => l.StartsWith("gs broker:", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Contains("--listen 'not-an-address'", line, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => gs.HasExited, "gs broker exits", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Gs_broker_takes_its_stall_timeout_from_the_command_line_and_refuses_one_that_is_not_positive()
    {
        await using (var broker = await GsBrokerProcess.StartAsync(persistent: false, "--stall-timeout", "0.5"))
        {
            await Eventually.TrueAsync(() => broker.Output.Contains("stall timeout 0.5 s)", StringComparison.Ordinal),
                () => $"the listening line with the stall timeout; output so far:\n{broker.Output}", TimeSpan.FromSeconds(30));
        }

        await using var refused = PeerProcess.Start("dotnet", "dotnet-sdk-10.0",
            [Path.Combine(AppContext.BaseDirectory, "gs.dll"), "broker", "--listen", $"127.0.0.1:{FreePort.Next()}", "--stall-timeout", "0"]);
        var line = await refused.WaitForLineAsync(l => l.StartsWith("gs broker:", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Equal("gs broker: --stall-timeout 0 must be a number of seconds above 0 and at most 3600.", line);
        await Eventually.TrueAsync(() => refused.HasExited, () => "gs broker exits", TimeSpan.FromSeconds(30));
        Assert.Equal(2, refused.ExitCode);
    }

    [Fact]
    public async Task Gs_broker_stops_cleanly_on_sigterm_and_keeps_retained_messages()
    {
        await using var broker = await GsBrokerProcess.StartAsync(persistent: true);
        var endPoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, broker.Port);
        var (publisher, _) = await RawMqttClient.ConnectAsync(endPoint, "pub");
        await publisher.PublishAsync("gs/status", "kept", MqttQualityOfService.AtLeastOnce, retain: true);
        await publisher.DisposeAsync();

        await broker.StopAsync();
        Assert.Contains("gs broker: stopping", broker.Output, StringComparison.Ordinal);
        await broker.RestartAsync();

        var (subscriber, _) = await RawMqttClient.ConnectAsync(endPoint, "sub");
        await using var _s = subscriber;
        await subscriber.SubscribeAsync("gs/#", MqttQualityOfService.AtLeastOnce);
        var retained = await subscriber.ReceivePublishAsync();
        Assert.True(retained.Retain);
        Assert.Equal("kept", System.Text.Encoding.UTF8.GetString(retained.Payload.Span));
    }
}
