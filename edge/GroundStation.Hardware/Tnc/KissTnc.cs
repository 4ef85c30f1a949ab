using System.Buffers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using GroundStation.Frames.Framing;
using GroundStation.Frames.Kiss;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundStation.Hardware.Tnc;

/// <summary>
/// A KISS TNC on a duplex byte stream: TCP to Dire Wolf, soundmodem or gr-satellites (<see cref="ConnectTcp"/>,
/// reconnecting after a drop), or any <see cref="Stream"/> such as a serial port (<c>new KissTnc(serialStream)</c>).
/// The read loop starts at construction; malformed frames are logged and counted, never thrown out of it.
/// </summary>
public sealed partial class KissTnc : ITnc
{
    private readonly Func<CancellationToken, ValueTask<Stream>> _open;
    private readonly bool _reconnects;
    private readonly KissTncOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _description;
    private readonly Channel<TncFrame> _received;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _readLoop;
    private Stream? _current;
    private TaskCompletionSource _connected = NewSignal();
    private int _state = (int)TncLinkState.Connecting;
    private long _framesReceived;
    private long _framesSent;
    private long _decodeErrors;
    private long _controlFramesIgnored;
    private long _linkFailures;

    /// <summary>
    /// A TNC on an already open stream, such as a serial port. The TNC owns the stream and disposes it; when the
    /// stream ends the TNC is <see cref="TncLinkState.Closed"/> and the receive sequence completes.
    /// </summary>
    public KissTnc(Stream stream, TimeProvider? timeProvider = null, ILogger? logger = null, KissTncOptions? options = null)
        : this(OpenOnce(stream), false, "stream", timeProvider, logger, options)
    {
    }

    private KissTnc(Func<CancellationToken, ValueTask<Stream>> open, bool reconnects, string description,
        TimeProvider? timeProvider, ILogger? logger, KissTncOptions? options)
    {
        _options = options ?? new KissTncOptions();
        _options.Validate();
        _open = open;
        _reconnects = reconnects;
        _description = description;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _received = Channel.CreateBounded<TncFrame>(new BoundedChannelOptions(_options.ReceiveCapacity)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _readLoop = Task.Run(() => RunAsync(_stopping.Token));
    }

    /// <summary>
    /// A TNC reached over KISS-over-TCP at <paramref name="host"/>:<paramref name="port"/> (8001 by convention).
    /// It connects in the background and reconnects with exponential back-off whenever the connection drops.
    /// </summary>
    public static KissTnc ConnectTcp(string host, int port, TimeProvider? timeProvider = null, ILogger? logger = null,
        KissTncOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        var connectTimeout = (options ?? new KissTncOptions()).ConnectTimeout;
        async ValueTask<Stream> OpenAsync(CancellationToken cancellationToken)
        {
            var client = new TcpClient { NoDelay = true };
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(connectTimeout);
                await client.ConnectAsync(host, port, timeout.Token);
                client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                return new NetworkStream(client.Client, ownsSocket: true);
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }

        return new KissTnc(OpenAsync, true, $"tcp://{host}:{port}", timeProvider, logger, options);
    }

    private static Func<CancellationToken, ValueTask<Stream>> OpenOnce(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return _ => ValueTask.FromResult(stream);
    }

    /// <inheritdoc />
    public TncLinkState State => (TncLinkState)Volatile.Read(ref _state);

    /// <inheritdoc />
    public TncCounters Counters => new(Interlocked.Read(ref _framesReceived), Interlocked.Read(ref _framesSent),
        Interlocked.Read(ref _decodeErrors), Interlocked.Read(ref _controlFramesIgnored), Interlocked.Read(ref _linkFailures));

    /// <summary>Completes when the link is up, or fails when the TNC closed for good or the token fired.</summary>
    public async Task WaitConnectedAsync(CancellationToken cancellationToken)
    {
        await Volatile.Read(ref _connected).Task.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<TncFrame> ReadFramesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var frame in _received.Reader.ReadAllAsync(cancellationToken))
        {
            yield return frame;
        }
    }

    /// <inheritdoc />
    public ValueTask SendAsync(KissPort port, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken = default) =>
        SendAsync(KissFrame.Data(port, frame), cancellationToken);

    /// <summary>Sends any KISS frame: data, or a parameter such as <see cref="KissCommand.TxDelay"/>.</summary>
    /// <exception cref="TncUnavailableException">The link is down or the write failed.</exception>
    public async ValueTask SendAsync(KissFrame frame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var encoded = KissEncoder.Encode(frame);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            var stream = Volatile.Read(ref _current) ??
                         throw new TncUnavailableException($"The KISS TNC on {_description} is {State}: the frame was not sent.");
            try
            {
                await stream.WriteAsync(encoded, cancellationToken);
                await stream.FlushAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
            {
                throw new TncUnavailableException($"Writing to the KISS TNC on {_description} failed: {ex.Message}", ex);
            }

            Interlocked.Increment(ref _framesSent);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _readLoop;
        _stopping.Dispose();
        _writeGate.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var delay = _options.InitialReconnectDelay;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                SetState(TncLinkState.Connecting);
                var stream = await TryOpenAsync(stopping);
                if (stream is not null)
                {
                    delay = _options.InitialReconnectDelay;
                    await using (stream)
                    {
                        Volatile.Write(ref _current, stream);
                        SetState(TncLinkState.Connected);
                        LogConnected(_logger, _description);
                        await PumpUntilEndAsync(stream, stopping);
                        await ClearCurrentAsync();
                    }
                }

                if (!_reconnects || stopping.IsCancellationRequested)
                {
                    break;
                }

                SetState(TncLinkState.Disconnected);
                await Task.Delay(delay, _time, stopping);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Disposal: the loop ends here by design.
        }
        finally
        {
            await ClearCurrentAsync();
            SetState(TncLinkState.Closed);
            _received.Writer.TryComplete();
        }
    }

    private async Task<Stream?> TryOpenAsync(CancellationToken stopping)
    {
        try
        {
            return await _open(stopping);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            Interlocked.Increment(ref _linkFailures);
            LogOpenFailed(_logger, _description, ex.Message);
            return null;
        }
    }

    private async Task ClearCurrentAsync()
    {
        await _writeGate.WaitAsync(CancellationToken.None);
        Volatile.Write(ref _current, null);
        _writeGate.Release();
    }

    private async Task PumpUntilEndAsync(Stream stream, CancellationToken stopping)
    {
        var decoder = new KissDecoder(_options.MaxFrameLength);
        var results = new List<KissDecodeResult>();
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, stopping);
                if (read == 0)
                {
                    LogEnded(_logger, _description);
                    Interlocked.Increment(ref _linkFailures);
                    return;
                }

                var receivedAt = _time.GetUtcNow();
                results.Clear();
                decoder.Decode(buffer.AsSpan(0, read), results);
                foreach (var result in results)
                {
                    await DeliverAsync(result, receivedAt, stopping);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            // The link dropped (peer reset, cable pulled, a driver fault): the outer loop reconnects when it can.
            Interlocked.Increment(ref _linkFailures);
            LogDropped(_logger, _description, ex.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask DeliverAsync(KissDecodeResult result, DateTimeOffset receivedAt, CancellationToken stopping)
    {
        if (result.Error is { } error)
        {
            Interlocked.Increment(ref _decodeErrors);
            LogDecodeError(_logger, _description, error);
            return;
        }

        var frame = result.Frame!;
        if (frame.Command != KissCommand.DataFrame)
        {
            Interlocked.Increment(ref _controlFramesIgnored);
            LogControlFrame(_logger, _description, frame.Command, frame.Port.Value);
            return;
        }

        await _received.Writer.WriteAsync(new TncFrame(frame.Port, frame.Payload, receivedAt), stopping);
        Interlocked.Increment(ref _framesReceived);
    }

    private void SetState(TncLinkState state)
    {
        Volatile.Write(ref _state, (int)state);
        switch (state)
        {
            case TncLinkState.Connected:
                Volatile.Read(ref _connected).TrySetResult();
                break;
            case TncLinkState.Closed:
                Volatile.Read(ref _connected).TrySetException(
                    new TncUnavailableException($"The KISS TNC on {_description} is closed."));
                break;
            default:
                if (Volatile.Read(ref _connected).Task.IsCompleted)
                {
                    Volatile.Write(ref _connected, NewSignal());
                }

                break;
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Information, Message = "KISS TNC on {Link} connected")]
    private static partial void LogConnected(ILogger logger, string link);

    [LoggerMessage(Level = LogLevel.Warning, Message = "KISS TNC on {Link} could not be opened: {Reason}")]
    private static partial void LogOpenFailed(ILogger logger, string link, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "KISS TNC on {Link} ended the stream")]
    private static partial void LogEnded(ILogger logger, string link);

    [LoggerMessage(Level = LogLevel.Warning, Message = "KISS TNC on {Link} dropped: {Reason}")]
    private static partial void LogDropped(ILogger logger, string link, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "KISS TNC on {Link} sent a malformed frame, discarded: {Error}")]
    private static partial void LogDecodeError(ILogger logger, string link, FrameError error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "KISS TNC on {Link} sent a {Command} frame on port {Port}, ignored")]
    private static partial void LogControlFrame(ILogger logger, string link, KissCommand command, byte port);
}
