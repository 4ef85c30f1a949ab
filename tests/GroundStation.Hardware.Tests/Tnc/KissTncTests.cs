using System.Net;
using System.Net.Sockets;
using GroundStation.Frames.Kiss;
using GroundStation.Hardware.Tnc;
using GroundStation.Testing;

namespace GroundStation.Hardware.Tests.Tnc;

public sealed class KissTncTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Task InitializeAsync()
    {
        _listener.Start();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _listener.Stop();
        _listener.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Garbage_over_a_real_socket_does_not_stop_the_read_loop_and_a_valid_frame_still_arrives()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        await using var tnc = KissTnc.ConnectTcp("127.0.0.1", Port, time);
        using var server = await _listener.AcceptTcpClientAsync().WaitAsync(Deadline);
        var peer = server.GetStream();

        var random = new Random(4242);
        for (var n = 0; n < 200; n++)
        {
            var garbage = new byte[random.Next(1, 2000)];
            random.NextBytes(garbage);
            await peer.WriteAsync(garbage);
        }

        // Garbage containing KISS bytes exercises every error path, including oversize runs and unknown commands.
        await peer.WriteAsync(new byte[] { 0xC0, 0x0F, 0x01, 0xC0, 0xC0, 0x00, 0xDB, 0x00, 0xC0, 0xC0, 0x00 });
        await peer.WriteAsync(new byte[10_000]);
        await peer.WriteAsync(KissEncoder.Encode(KissFrame.Data(new KissPort(3), "valid"u8.ToArray())));

        using var cancel = new CancellationTokenSource(Deadline);
        TncFrame? valid = null;
        await foreach (var frame in tnc.ReadFramesAsync(cancel.Token))
        {
            if (frame.Data.Span.SequenceEqual("valid"u8))
            {
                valid = frame;
                break;
            }
        }

        Assert.NotNull(valid);
        Assert.Equal(3, valid.Port.Value);
        Assert.Equal(time.GetUtcNow(), valid.ReceivedAt);
        Assert.Equal(TncLinkState.Connected, tnc.State);
        Assert.True(tnc.Counters.DecodeErrors >= 3, $"decode errors counted: {tnc.Counters.DecodeErrors}");
    }

    [Fact]
    public async Task Sends_data_frames_the_peer_decodes()
    {
        await using var tnc = KissTnc.ConnectTcp("127.0.0.1", Port);
        using var server = await _listener.AcceptTcpClientAsync().WaitAsync(Deadline);
        await tnc.WaitConnectedAsync(new CancellationTokenSource(Deadline).Token);
        await tnc.SendAsync(new KissPort(1), new byte[] { 0xC0, 0x01, 0xDB });

        var frame = await ReadOneFrameAsync(server.GetStream());
        Assert.Equal(1, frame.Port.Value);
        Assert.Equal(new byte[] { 0xC0, 0x01, 0xDB }, frame.Payload.ToArray());
        Assert.Equal(1, tnc.Counters.FramesSent);
    }

    [Fact]
    public async Task Reconnects_after_the_tnc_drops_the_connection()
    {
        await using var tnc = KissTnc.ConnectTcp("127.0.0.1", Port, options: new KissTncOptions { InitialReconnectDelay = TimeSpan.FromMilliseconds(50) });
        using (var first = await _listener.AcceptTcpClientAsync().WaitAsync(Deadline))
        {
            await first.GetStream().WriteAsync(KissEncoder.Encode(KissFrame.Data("one"u8.ToArray())));
            await first.GetStream().WriteAsync(new byte[] { 0xC0, 0x00, 0x41 }); // cut mid-frame
        }

        using var second = await _listener.AcceptTcpClientAsync().WaitAsync(Deadline);
        await second.GetStream().WriteAsync(KissEncoder.Encode(KissFrame.Data("two"u8.ToArray())));

        using var cancel = new CancellationTokenSource(Deadline);
        var received = new List<string>();
        await foreach (var frame in tnc.ReadFramesAsync(cancel.Token))
        {
            received.Add(System.Text.Encoding.ASCII.GetString(frame.Data.Span));
            if (received.Count == 2)
            {
                break;
            }
        }

        Assert.Equal(["one", "two"], received);
        Assert.True(tnc.Counters.LinkFailures >= 1);
    }

    [Fact]
    public async Task A_send_while_disconnected_fails_with_a_named_exception()
    {
        var port = FreePort.Next();
        await using var tnc = KissTnc.ConnectTcp("127.0.0.1", port);
        await Assert.ThrowsAsync<TncUnavailableException>(async () => await tnc.SendAsync(KissPort.Default, new byte[] { 1 }));
    }

    [Fact]
    public async Task A_tnc_on_a_plain_stream_delivers_frames_and_closes_when_the_stream_ends()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port);
        using var server = await _listener.AcceptTcpClientAsync().WaitAsync(Deadline);
        await using var tnc = new KissTnc(client.GetStream());
        await server.GetStream().WriteAsync(KissEncoder.Encode(KissFrame.Data("serial"u8.ToArray())));
        server.Client.Shutdown(SocketShutdown.Send);

        using var cancel = new CancellationTokenSource(Deadline);
        var frames = new List<TncFrame>();
        await foreach (var frame in tnc.ReadFramesAsync(cancel.Token))
        {
            frames.Add(frame);
        }

        Assert.Equal("serial"u8.ToArray(), Assert.Single(frames).Data.ToArray());
        Assert.Equal(TncLinkState.Closed, tnc.State);
    }

    [Fact]
    public async Task Disposing_ends_the_frame_sequence_and_closes_the_link()
    {
        var tnc = KissTnc.ConnectTcp("127.0.0.1", Port);
        using var server = await _listener.AcceptTcpClientAsync().WaitAsync(Deadline);
        using var cancel = new CancellationTokenSource(Deadline);
        await tnc.WaitConnectedAsync(cancel.Token);
        var reading = Task.Run(async () =>
        {
            var count = 0;
            await foreach (var frame in tnc.ReadFramesAsync(cancel.Token))
            {
                count++;
            }

            return count;
        });

        await tnc.DisposeAsync();
        Assert.Equal(0, await reading.WaitAsync(Deadline));
        Assert.Equal(TncLinkState.Closed, tnc.State);
        Assert.Equal(0, await server.GetStream().ReadAsync(new byte[1], cancel.Token));
    }

    private static async Task<KissFrame> ReadOneFrameAsync(NetworkStream stream)
    {
        var decoder = new KissDecoder();
        var results = new List<KissDecodeResult>();
        var buffer = new byte[256];
        using var cancel = new CancellationTokenSource(Deadline);
        while (results.Count == 0)
        {
            var read = await stream.ReadAsync(buffer, cancel.Token);
            Assert.NotEqual(0, read);
            decoder.Decode(buffer.AsSpan(0, read), results);
        }

        return Assert.Single(results).Frame!;
    }
}
