using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using GroundStation.Frames.Ax25;
using GroundStation.Frames.Framing;
using GroundStation.Frames.Kiss;
using GroundStation.Simulators.Satellite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundStation.Simulators.Tnc;

/// <summary>Settings of a <see cref="SimulatedKissTnc"/>.</summary>
public sealed record SimulatedKissTncOptions
{
    /// <summary>The KISS port the radio is on.</summary>
    public KissPort Port { get; init; } = KissPort.Default;

    /// <summary>
    /// When true, frames whose FCS fails are still handed to clients (without the FCS), as a receiver that forwards
    /// every frame would; when false (the default) they are discarded and counted, as Dire Wolf and a hardware TNC do.
    /// </summary>
    public bool DeliverCorruptedFrames { get; init; }

    /// <summary>Frames queued for one slow client before further frames for it are discarded (and counted).</summary>
    public int ClientQueueCapacity { get; init; } = 1024;
}

/// <summary>Running totals of a <see cref="SimulatedKissTnc"/>.</summary>
/// <param name="FramesDelivered">Downlink frames sent to clients (each frame counted once, whatever the client count).</param>
/// <param name="CorruptedFramesDiscarded">Downlink frames discarded because their FCS failed.</param>
/// <param name="UplinkFrames">Data frames received from clients and transmitted.</param>
/// <param name="UplinkErrors">KISS or AX.25 errors in what clients sent, and frames addressed to no hosted spacecraft.</param>
/// <param name="ClientOverflows">Frames a slow client missed because its queue was full.</param>
public readonly record struct SimulatedKissTncCounters(long FramesDelivered, long CorruptedFramesDiscarded, long UplinkFrames, long UplinkErrors, long ClientOverflows);

/// <summary>
/// A KISS-over-TCP TNC (the interface of Dire Wolf and soundmodem) whose radio hears simulated spacecraft: it hands
/// each downlink frame to every connected client as a KISS data frame (AX.25 without FCS), and transmits each data
/// frame a client sends on the space link of the spacecraft it is addressed to.
/// </summary>
public sealed partial class SimulatedKissTnc : IDownlinkSink, IAsyncDisposable
{
    private readonly SimulatedKissTncOptions _options;
    private readonly ILogger _logger;
    private readonly TcpListener _listener;
    private readonly ConcurrentDictionary<Ax25Address, SpaceLink> _links = new();
    private readonly ConcurrentDictionary<int, Client> _clients = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _firstClient = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _acceptLoop = Task.CompletedTask;
    private int _nextClientId;
    private long _framesDelivered;
    private long _corruptedDiscarded;
    private long _uplinkFrames;
    private long _uplinkErrors;
    private long _clientOverflows;

    /// <summary>Creates a TNC that will listen on <paramref name="endpoint"/> (port 0 picks a free port).</summary>
    public SimulatedKissTnc(IPEndPoint endpoint, SimulatedKissTncOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _options = options ?? new SimulatedKissTncOptions();
        _logger = logger ?? NullLogger.Instance;
        _listener = new TcpListener(endpoint);
    }

    /// <summary>The endpoint clients connect to (valid after <see cref="Start"/>).</summary>
    public IPEndPoint LocalEndpoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Connected clients now.</summary>
    public int ClientCount => _clients.Count;

    /// <summary>Completes once a client has connected (at once if one already has).</summary>
    public Task WaitForFirstClientAsync(CancellationToken cancellationToken) => _firstClient.Task.WaitAsync(cancellationToken);

    /// <summary>Running totals.</summary>
    public SimulatedKissTncCounters Counters => new(Interlocked.Read(ref _framesDelivered), Interlocked.Read(ref _corruptedDiscarded),
        Interlocked.Read(ref _uplinkFrames), Interlocked.Read(ref _uplinkErrors), Interlocked.Read(ref _clientOverflows));

    /// <summary>Routes uplinked frames addressed to <paramref name="link"/>'s spacecraft onto that link.</summary>
    public void Attach(SpaceLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (!_links.TryAdd(link.Satellite.Callsign, link))
        {
            throw new ArgumentException($"A spacecraft with callsign {link.Satellite.Callsign} is already attached.", nameof(link));
        }
    }

    /// <summary>Starts listening and accepting clients.</summary>
    public void Start()
    {
        _listener.Start();
        _acceptLoop = AcceptLoopAsync(_stopping.Token);
    }

    /// <inheritdoc />
    public void Deliver(DownlinkFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var onAir = frame.OnAirFrame.Span;
        var check = Ax25Codec.Decode(onAir, Ax25Fcs.Present);
        if (!check.IsSuccess && !_options.DeliverCorruptedFrames)
        {
            Interlocked.Increment(ref _corruptedDiscarded);
            LogDiscarded(_logger, frame.Satellite, check.Error!);
            return;
        }

        var kiss = KissEncoder.Encode(KissFrame.Data(_options.Port, onAir.Length >= 2 ? onAir[..^2].ToArray() : onAir.ToArray()));
        foreach (var client in _clients.Values)
        {
            if (!client.Outgoing.Writer.TryWrite(kiss))
            {
                Interlocked.Increment(ref _clientOverflows);
            }
        }

        Interlocked.Increment(ref _framesDelivered);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        foreach (var client in _clients.Values)
        {
            client.Socket.Dispose();
        }

        await Task.WhenAll(_clients.Values.Select(c => c.Completion));
        _listener.Dispose();
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex)
            {
                LogAcceptFailed(_logger, ex.Message);
                continue;
            }

            socket.NoDelay = true;
            var id = Interlocked.Increment(ref _nextClientId);
            var client = new Client(socket, Channel.CreateBounded<byte[]>(new BoundedChannelOptions(_options.ClientQueueCapacity)
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.Wait,
            }));
            _clients[id] = client;
            _firstClient.TrySetResult();
            LogClientConnected(_logger, id, socket.RemoteEndPoint);
            client.Completion = ServeAsync(id, client, stopping);
        }
    }

    private async Task ServeAsync(int id, Client client, CancellationToken stopping)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var writer = WriteLoopAsync(id, client, session.Token);
        try
        {
            await ReadLoopAsync(client.Socket, session.Token);
        }
        catch (OperationCanceledException) when (session.IsCancellationRequested)
        {
            // The TNC is stopping: ending the session is what was asked for.
        }
        catch (Exception ex)
        {
            LogClientFailed(_logger, id, ex.Message);
        }
        finally
        {
            _clients.TryRemove(id, out _);
            client.Outgoing.Writer.TryComplete();
            await session.CancelAsync();
            await writer;
            client.Socket.Dispose();
            LogClientDisconnected(_logger, id);
        }
    }

    private async Task WriteLoopAsync(int id, Client client, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var frame in client.Outgoing.Reader.ReadAllAsync(cancellationToken))
            {
                await client.Socket.SendAsync(frame, SocketFlags.None, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The session ended (client gone or TNC stopping); the read loop has logged why.
            return;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            LogClientFailed(_logger, id, ex.Message);
        }
    }

    private async Task ReadLoopAsync(Socket socket, CancellationToken cancellationToken)
    {
        var decoder = new KissDecoder();
        var results = new List<KissDecodeResult>();
        var buffer = new byte[4096];
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                return;
            }

            results.Clear();
            decoder.Decode(buffer.AsSpan(0, read), results);
            foreach (var result in results)
            {
                HandleFromClient(result);
            }
        }
    }

    private void HandleFromClient(KissDecodeResult result)
    {
        if (result.Error is { } kissError)
        {
            Interlocked.Increment(ref _uplinkErrors);
            LogUplinkRefused(_logger, kissError);
            return;
        }

        if (result.Frame!.Command != KissCommand.DataFrame)
        {
            // TXDELAY, persistence and the like tune a real radio; the simulated one has nothing to tune.
            return;
        }

        var decoded = Ax25Codec.Decode(result.Frame.Payload.Span, Ax25Fcs.Absent);
        if (!decoded.IsSuccess)
        {
            Interlocked.Increment(ref _uplinkErrors);
            LogUplinkRefused(_logger, decoded.Error!);
            return;
        }

        if (!_links.TryGetValue(decoded.Value.Destination, out var link))
        {
            Interlocked.Increment(ref _uplinkErrors);
            LogNoSuchSpacecraft(_logger, decoded.Value.Destination);
            return;
        }

        Interlocked.Increment(ref _uplinkFrames);
        var outcome = link.Uplink(decoded.Value);
        LogUplinked(_logger, decoded.Value.Destination, outcome);
    }

    private sealed class Client(Socket socket, Channel<byte[]> outgoing)
    {
        public Socket Socket { get; } = socket;

        public Channel<byte[]> Outgoing { get; } = outgoing;

        public Task Completion { get; set; } = Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Client {Id} connected from {Remote}")]
    private static partial void LogClientConnected(ILogger logger, int id, EndPoint? remote);

    [LoggerMessage(Level = LogLevel.Information, Message = "Client {Id} disconnected")]
    private static partial void LogClientDisconnected(ILogger logger, int id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Client {Id} failed: {Reason}")]
    private static partial void LogClientFailed(ILogger logger, int id, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Accepting a client failed: {Reason}")]
    private static partial void LogAcceptFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Downlink frame from {Satellite} failed its FCS, discarded: {Error}")]
    private static partial void LogDiscarded(ILogger logger, Ax25Address satellite, FrameError error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Frame from a client refused: {Error}")]
    private static partial void LogUplinkRefused(ILogger logger, FrameError error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Frame from a client refused: no simulated spacecraft has callsign {Callsign}")]
    private static partial void LogNoSuchSpacecraft(ILogger logger, Ax25Address callsign);

    [LoggerMessage(Level = LogLevel.Information, Message = "Uplinked a frame to {Satellite}: {Outcome}")]
    private static partial void LogUplinked(ILogger logger, Ax25Address satellite, UplinkOutcome outcome);
}
