using System.Globalization;
using GroundStation.Testing;

namespace GroundStation.Messaging.Tests.Broker;

/// <summary>Acceptance 2: the reference command-line clients against the embedded broker.</summary>
public sealed class MosquittoClientInteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    // stdbuf makes mosquitto_sub write line by line into the pipe, so the test sees each message as it arrives.
    private static PeerProcess Sub(BrokerHost host, params string[] arguments) =>
        PeerProcess.Start("stdbuf", "coreutils",
        [
            "-oL", PeerProcess.Require("mosquitto_sub", "mosquitto-clients"),
            "-h", "127.0.0.1", "-p", host.Port.ToString(CultureInfo.InvariantCulture), "-d", .. arguments,
        ]);

    private static async Task PubAsync(BrokerHost host, params string[] arguments)
    {
        await using var pub = PeerProcess.Start("mosquitto_pub", "mosquitto-clients",
            ["-h", "127.0.0.1", "-p", host.Port.ToString(CultureInfo.InvariantCulture), "-d", .. arguments]);
        // mosquitto_pub disconnects only after its QoS handshake with the broker completed.
        await pub.WaitForLineAsync(line => line.Contains("sending DISCONNECT", StringComparison.Ordinal), Timeout);
        await Eventually.TrueAsync(() => pub.HasExited, "mosquitto_pub exits", Timeout);
    }

    private static Task<string> SubscribedAsync(PeerProcess sub) =>
        sub.WaitForLineAsync(line => line.Contains("received SUBACK", StringComparison.Ordinal), Timeout);

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("2")]
    public async Task Mosquitto_pub_reaches_mosquitto_sub(string qos)
    {
        await using var host = await BrokerHost.StartAsync();
        await using var sub = Sub(host, "-t", "gs/+/telemetry", "-q", qos, "-v", "-C", "3");
        await SubscribedAsync(sub);

        for (var i = 1; i <= 3; i++)
        {
            await PubAsync(host, "-t", $"gs/s{i}/telemetry", "-m", $"frame {i} at qos {qos}", "-q", qos);
        }

        for (var i = 1; i <= 3; i++)
        {
            await sub.WaitForLineAsync(line => line == $"gs/s{i}/telemetry frame {i} at qos {qos}", Timeout);
        }

        await Eventually.TrueAsync(() => sub.HasExited, "mosquitto_sub exits after its three messages", Timeout);
        if (qos == "2")
        {
            Assert.Contains("sending PUBCOMP", sub.Output, StringComparison.Ordinal);
        }

        host.AssertNoInternalErrors();
    }

    [Fact]
    public async Task Retained_message_from_mosquitto_pub_goes_to_a_later_mosquitto_sub_and_can_be_cleared()
    {
        await using var host = await BrokerHost.StartAsync();
        await PubAsync(host, "-t", "gs/station/1/status", "-m", "online", "-r", "-q", "1");

        await using (var sub = Sub(host, "-t", "gs/station/#", "-v", "-C", "1"))
        {
            await sub.WaitForLineAsync(line => line == "gs/station/1/status online", Timeout);
        }

        await PubAsync(host, "-t", "gs/station/1/status", "-n", "-r", "-q", "1");
        Assert.Equal(0, host.Broker.RetainedCount);
    }

    [Fact]
    public async Task Will_of_a_killed_mosquitto_sub_is_published_and_a_clean_exit_publishes_none()
    {
        await using var host = await BrokerHost.StartAsync();
        await using var watcher = Sub(host, "-t", "gs/presence/#", "-v", "-q", "1");
        await SubscribedAsync(watcher);

        await using (var clean = Sub(host, "-t", "gs/other", "-C", "1", "--will-topic", "gs/presence/clean",
                         "--will-payload", "offline", "--will-qos", "1"))
        {
            await SubscribedAsync(clean);
            await PubAsync(host, "-t", "gs/other", "-m", "bye");
            await Eventually.TrueAsync(() => clean.HasExited, "the clean mosquitto_sub exits", Timeout);
        }

        await using (var doomed = Sub(host, "-t", "gs/other", "--will-topic", "gs/presence/station-7",
                         "--will-payload", "offline", "--will-qos", "1"))
        {
            await SubscribedAsync(doomed);
            await doomed.KillAsync();
        }

        await watcher.WaitForLineAsync(line => line == "gs/presence/station-7 offline", Timeout);
        Assert.DoesNotContain("gs/presence/clean", watcher.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mosquitto_sub_with_a_persistent_session_gets_what_was_published_while_it_was_away()
    {
        await using var host = await BrokerHost.StartAsync();
        await using (var first = Sub(host, "-i", "gs-ground-1", "-c", "-q", "1", "-t", "gs/plans", "-C", "1"))
        {
            await SubscribedAsync(first);
            await PubAsync(host, "-t", "gs/plans", "-m", "plan 0", "-q", "1");
            await Eventually.TrueAsync(() => first.HasExited, "the first mosquitto_sub exits", Timeout);
        }

        await PubAsync(host, "-t", "gs/plans", "-m", "plan 1", "-q", "1");
        await PubAsync(host, "-t", "gs/plans", "-m", "plan 2", "-q", "1");

        await using var again = Sub(host, "-i", "gs-ground-1", "-c", "-q", "1", "-t", "gs/plans", "-C", "2");
        await again.WaitForLineAsync(line => line == "plan 2", Timeout);
        Assert.Contains("plan 1", again.Output, StringComparison.Ordinal);
    }
}
