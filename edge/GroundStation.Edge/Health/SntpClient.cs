using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace GroundStation.Edge.Health;

/// <summary>One SNTP measurement.</summary>
/// <param name="Offset">The station clock minus the server's clock (positive: the station is ahead).</param>
/// <param name="RoundTrip">The network round trip, excluding the server's processing time.</param>
public readonly record struct ClockMeasurement(TimeSpan Offset, TimeSpan RoundTrip);

/// <summary>
/// A minimal SNTP (RFC 4330) client: one request, one answer, offset = -((T2 - T1) + (T3 - T4)) / 2 as station minus
/// server. The answer must be a server-mode reply echoing our transmit time (so a stale or forged packet is refused)
/// with a non-zero stratum (zero is a kiss-of-death). Pointing depends on time: a station a few seconds off points
/// degrees away from a LEO satellite.
/// </summary>
/// <param name="clock">The station clock being checked.</param>
public sealed class SntpClient(TimeProvider clock)
{
    private static readonly DateTimeOffset NtpEpoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Queries <paramref name="host"/>:<paramref name="port"/>.</summary>
    /// <exception cref="TimeoutException">No valid answer within <paramref name="timeout"/>.</exception>
    /// <exception cref="InvalidDataException">The answer is not a usable SNTP reply (named).</exception>
    /// <exception cref="SocketException">The host cannot be resolved or reached.</exception>
    public async Task<ClockMeasurement> QueryAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
        var address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new InvalidDataException($"NTP server '{host}' has no address.");
        using var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
        var request = new byte[48];
        request[0] = 0x23; // LI 0, version 4, mode 3 (client)
        var t1 = clock.GetUtcNow();
        var t1Raw = ToNtp(t1);
        BinaryPrimitives.WriteUInt64BigEndian(request.AsSpan(40), t1Raw);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        await socket.SendAsync(request, SocketFlags.None, deadline.Token);
        var answer = new byte[128];
        int length;
        try
        {
            length = await socket.ReceiveAsync(answer, SocketFlags.None, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"NTP server {host}:{port} did not answer within {timeout}.");
        }

        var t4 = clock.GetUtcNow();
        return Interpret(answer.AsSpan(0, length), t1Raw, t1, t4, $"{host}:{port}");
    }

    /// <summary>Reads a reply; internal so the arithmetic is tested without a network.</summary>
    internal static ClockMeasurement Interpret(ReadOnlySpan<byte> answer, ulong sentRaw, DateTimeOffset t1, DateTimeOffset t4, string server)
    {
        if (answer.Length < 48)
        {
            throw new InvalidDataException($"NTP server {server} answered {answer.Length} bytes, not at least 48.");
        }

        var mode = answer[0] & 0x7;
        if (mode != 4)
        {
            throw new InvalidDataException($"NTP server {server} answered in mode {mode}, not 4 (server).");
        }

        if (answer[1] == 0)
        {
            throw new InvalidDataException($"NTP server {server} sent a kiss-of-death (stratum 0).");
        }

        if (BinaryPrimitives.ReadUInt64BigEndian(answer[24..]) != sentRaw)
        {
            throw new InvalidDataException($"NTP server {server} answered a different request (originate timestamp mismatch).");
        }

        var t2 = FromNtp(BinaryPrimitives.ReadUInt64BigEndian(answer[32..]));
        var t3 = FromNtp(BinaryPrimitives.ReadUInt64BigEndian(answer[40..]));
        var serverAhead = ((t2 - t1) + (t3 - t4)) / 2;
        var roundTrip = (t4 - t1) - (t3 - t2);
        return new ClockMeasurement(-serverAhead, roundTrip < TimeSpan.Zero ? TimeSpan.Zero : roundTrip);
    }

    /// <summary>An instant as a 64-bit NTP timestamp (era 0, valid until 2036).</summary>
    internal static ulong ToNtp(DateTimeOffset instant)
    {
        var ticks = (instant - NtpEpoch).Ticks;
        var seconds = (ulong)(ticks / TimeSpan.TicksPerSecond);
        var fraction = ((ulong)(ticks % TimeSpan.TicksPerSecond) << 32) / (ulong)TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }

    /// <summary>A 64-bit NTP timestamp as an instant.</summary>
    internal static DateTimeOffset FromNtp(ulong raw)
    {
        var seconds = raw >> 32;
        var fraction = raw & 0xFFFF_FFFF;
        return NtpEpoch + TimeSpan.FromTicks(((long)seconds * TimeSpan.TicksPerSecond) + (long)((fraction * (ulong)TimeSpan.TicksPerSecond) >> 32));
    }
}
