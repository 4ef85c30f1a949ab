using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using GroundStation.Edge.Configuration;
using GroundStation.Edge.Health;
using GroundStation.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundStation.Edge.Tests;

public sealed class SntpClientTests
{
    /// <summary>A fake NTP server on loopback UDP whose clock runs <paramref name="ahead"/> of the station's.</summary>
    private static async Task ServeOnceAsync(UdpClient server, TimeProvider stationClock, TimeSpan ahead, byte stratum, CancellationToken cancellationToken)
    {
        var request = await server.ReceiveAsync(cancellationToken);
        var reply = new byte[48];
        reply[0] = 0x24; // version 4, mode 4 (server)
        reply[1] = stratum;
        request.Buffer.AsSpan(40, 8).CopyTo(reply.AsSpan(24)); // originate = client's transmit
        var now = SntpClient.ToNtp(stationClock.GetUtcNow() + ahead);
        BinaryPrimitives.WriteUInt64BigEndian(reply.AsSpan(32), now);
        BinaryPrimitives.WriteUInt64BigEndian(reply.AsSpan(40), now);
        await server.SendAsync(reply, request.RemoteEndPoint, cancellationToken);
    }

    [Fact]
    public async Task The_offset_against_a_server_ahead_is_measured_and_raises_the_alarm_beyond_the_threshold()
    {
        using var server = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)server.Client.LocalEndPoint!).Port;
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var serving = ServeOnceAsync(server, clock, TimeSpan.FromSeconds(2), stratum: 2, timeout.Token);
        var monitor = new ClockMonitor(new HealthSettings(TimeSpan.FromSeconds(30), $"127.0.0.1:{port}", TimeSpan.FromMilliseconds(500)),
            new SntpClient(clock), NullLogger<ClockMonitor>.Instance);

        await monitor.MeasureAsync(timeout.Token);
        await serving;

        // The server is 2 s ahead: the station is 2 s behind (negative offset), beyond the 500 ms threshold.
        Assert.Equal(-2000, monitor.Offset.TotalMilliseconds, 1);
        Assert.True(monitor.Alarm);
    }

    [Fact]
    public async Task A_kiss_of_death_is_refused_and_a_silent_server_times_out()
    {
        using var server = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)server.Client.LocalEndPoint!).Port;
        var clock = new ManualTimeProvider();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var serving = ServeOnceAsync(server, clock, TimeSpan.Zero, stratum: 0, timeout.Token);
        var client = new SntpClient(clock);

        var kiss = await Assert.ThrowsAsync<InvalidDataException>(() => client.QueryAsync("127.0.0.1", port, TimeSpan.FromSeconds(5), timeout.Token));
        await serving;
        var silent = await Assert.ThrowsAsync<TimeoutException>(() => client.QueryAsync("127.0.0.1", port, TimeSpan.FromMilliseconds(200), timeout.Token));

        Assert.Contains("kiss-of-death", kiss.Message, StringComparison.Ordinal);
        Assert.Contains("did not answer", silent.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ntp_timestamps_round_trip()
    {
        var instant = new DateTimeOffset(2026, 12, 6, 9, 30, 15, 123, TimeSpan.Zero);

        Assert.Equal(instant, SntpClient.FromNtp(SntpClient.ToNtp(instant)), TimeSpan.FromTicks(1));
    }
}
