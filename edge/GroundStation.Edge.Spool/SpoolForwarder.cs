using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundStation.Edge.Spool;

/// <summary>How fast and how far ahead <see cref="SpoolForwarder"/> publishes.</summary>
public sealed record SpoolForwarderOptions
{
    /// <summary>The most publishes started per second, so a backlog after an outage does not flood the link (default 50).</summary>
    public double MaxFramesPerSecond { get; init; } = 50;

    /// <summary>
    /// How many frames may await their PUBACK at once (default 32): over a long round trip one at a time would drain slower
    /// than a pass fills the spool.
    /// </summary>
    public int MaxInFlight { get; init; } = 32;

    /// <summary>How long to wait before trying again after a publish or the spool failed (default 1 s).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Checks the options, naming the bad one.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        if (!(MaxFramesPerSecond > 0) || double.IsInfinity(MaxFramesPerSecond))
        {
            throw new ArgumentException($"SpoolForwarderOptions.MaxFramesPerSecond must be positive and finite (was {MaxFramesPerSecond}).", nameof(MaxFramesPerSecond));
        }

        if (MaxInFlight < 1)
        {
            throw new ArgumentException($"SpoolForwarderOptions.MaxInFlight must be at least 1 (was {MaxInFlight}).", nameof(MaxInFlight));
        }

        if (RetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentException($"SpoolForwarderOptions.RetryDelay must not be negative (was {RetryDelay}).", nameof(RetryDelay));
        }
    }
}

/// <summary>
/// Drains a <see cref="FrameSpool"/> to an <see cref="IFramePublisher"/> in append order, at most
/// <see cref="SpoolForwarderOptions.MaxFramesPerSecond"/> (paced on the injected <see cref="TimeProvider"/>), deleting each
/// frame only after its publish completed (PUBACK). While the broker is away the publishes simply wait (the MQTT client
/// resends after reconnecting); a failed publish or spool error is logged and retried from the oldest frame on disk
/// after <see cref="SpoolForwarderOptions.RetryDelay"/>. Nothing is ever dropped here, and no exception leaves the loop.
/// A frame may be published more than once (a PUBACK lost with the connection): the core de-duplicates by frame id.
/// </summary>
public sealed partial class SpoolForwarder : IAsyncDisposable
{
    private readonly FrameSpool _spool;
    private readonly IFramePublisher _publisher;
    private readonly SpoolForwarderOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private Task? _loop;
    private long _forwarded;
    private long _failures;
    private bool _disposed;

    /// <summary>Creates a forwarder; it starts with <see cref="Start"/>.</summary>
    public SpoolForwarder(FrameSpool spool, IFramePublisher publisher, SpoolForwarderOptions options, TimeProvider timeProvider,
        ILogger<SpoolForwarder>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(spool);
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _spool = spool;
        _publisher = publisher;
        _options = options;
        _time = timeProvider;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _interval = TimeSpan.FromTicks((long)Math.Ceiling(TimeSpan.TicksPerSecond / options.MaxFramesPerSecond));
    }

    /// <summary>Frames published, acknowledged and deleted from the spool by this forwarder.</summary>
    public long ForwardedFrames => Interlocked.Read(ref _forwarded);

    /// <summary>Publishes or spool operations that failed and were retried.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Starts draining in the background (idempotent).</summary>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _loop ??= Task.Run(() => RunAsync(_stop.Token));
        }
    }

    /// <summary>
    /// Stops the loop and waits for it. Frames whose PUBACK had not come stay in the spool and are published again by the
    /// next forwarder.
    /// </summary>
    public async Task StopAsync()
    {
        Task? loop;
        lock (_gate)
        {
            loop = _loop;
        }

        await _stop.CancelAsync();
        if (loop is not null)
        {
            await loop;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await StopAsync();
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var nextSlot = _time.GetUtcNow();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                nextSlot = await DrainAsync(nextSlot, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception error)
            {
                // A spool failure (the publisher's are handled inside): log it and start again from what is on disk.
                Interlocked.Increment(ref _failures);
                LogLoopFailed(error, _options.RetryDelay);
                if (!await DelayAsync(_options.RetryDelay, stop))
                {
                    break;
                }
            }
        }

        LogStopped(ForwardedFrames);
    }

    /// <summary>Publishes from the oldest spooled frame on until a publish fails (returns then, after a retry delay) or stop.</summary>
    private async Task<DateTimeOffset> DrainAsync(DateTimeOffset nextSlot, CancellationToken stop)
    {
        var pending = new Queue<(SpooledFrame Frame, Task Publish)>();
        var toSend = new Queue<SpooledFrame>();
        long read = 0;
        try
        {
            while (true)
            {
                stop.ThrowIfCancellationRequested();
                if (!await CompleteAsync(pending, stop))
                {
                    // Later frames keep their place in the MQTT client's queue; wait for them, then go back to the oldest on disk.
                    await SettleAsync(pending, stop);
                    await DelayAsync(_options.RetryDelay, stop);
                    return _time.GetUtcNow();
                }

                if (toSend.Count == 0 && pending.Count < _options.MaxInFlight)
                {
                    foreach (var frame in await _spool.ReadAfterAsync(read, _options.MaxInFlight, stop))
                    {
                        toSend.Enqueue(frame);
                        read = frame.Position;
                    }
                }

                if (toSend.Count == 0 || pending.Count >= _options.MaxInFlight)
                {
                    await WaitForWorkAsync(pending, read, stop);
                    continue;
                }

                var now = _time.GetUtcNow();
                var slot = nextSlot > now ? nextSlot : now;
                if (slot > now)
                {
                    // Not this frame's turn yet; meanwhile acknowledge whatever completes.
                    await WaitForSlotAsync(slot - now, pending, stop);
                    continue;
                }

                nextSlot = slot + _interval;
                var next = toSend.Dequeue();
                pending.Enqueue((next, PublishAsync(next, stop)));
            }
        }
        finally
        {
            // On stop the outstanding publishes are cancelled by the token; observe them so none faults unobserved.
            foreach (var (_, publish) in pending)
            {
                _ = publish.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
                    TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    private async Task WaitForSlotAsync(TimeSpan delay, Queue<(SpooledFrame Frame, Task Publish)> pending, CancellationToken stop)
    {
        if (pending.Count == 0)
        {
            await Task.Delay(delay, _time, stop);
            return;
        }

        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var slot = Task.Delay(delay, _time, waiting.Token);
        await Task.WhenAny(pending.Peek().Publish, slot).WaitAsync(stop);
        await waiting.CancelAsync();
        try
        {
            await slot;
        }
        catch (OperationCanceledException) when (waiting.IsCancellationRequested)
        {
            // Expected: a publish completed before the slot came, and the wait was called off.
        }
    }

    private Task PublishAsync(SpooledFrame frame, CancellationToken stop)
    {
        try
        {
            return _publisher.PublishAsync(frame.Frame, stop);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // A publisher that throws synchronously is treated like one whose task faulted.
            return Task.FromException(error);
        }
    }

    /// <summary>
    /// Deletes the frames whose publishes completed at the head of <paramref name="pending"/>, in one transaction; false
    /// when one failed (it is dequeued and stays spooled).
    /// </summary>
    private async Task<bool> CompleteAsync(Queue<(SpooledFrame Frame, Task Publish)> pending, CancellationToken stop)
    {
        List<string> delivered = [];
        var ok = true;
        while (pending.Count > 0 && pending.Peek().Publish.IsCompleted)
        {
            var (frame, publish) = pending.Dequeue();
            if (publish.IsCompletedSuccessfully)
            {
                delivered.Add(frame.Frame.FrameId);
                continue;
            }

            if (publish.IsCanceled && stop.IsCancellationRequested)
            {
                break;
            }

            Interlocked.Increment(ref _failures);
            LogPublishFailed(publish.Exception?.GetBaseException(), frame.Frame.FrameId, _options.RetryDelay);
            ok = false;
            break;
        }

        await AcknowledgeAsync(delivered, stop);
        stop.ThrowIfCancellationRequested();
        return ok;
    }

    private async Task SettleAsync(Queue<(SpooledFrame Frame, Task Publish)> pending, CancellationToken stop)
    {
        List<string> delivered = [];
        while (pending.Count > 0)
        {
            var (frame, publish) = pending.Dequeue();
            try
            {
                await publish.WaitAsync(stop);
                delivered.Add(frame.Frame.FrameId);
            }
            catch (Exception error) when (error is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                LogPublishFailed(error, frame.Frame.FrameId, _options.RetryDelay);
            }
        }

        await AcknowledgeAsync(delivered, stop);
    }

    private async Task AcknowledgeAsync(List<string> delivered, CancellationToken stop)
    {
        if (delivered.Count > 0)
        {
            Interlocked.Add(ref _forwarded, await _spool.AcknowledgeAsync(delivered, stop));
        }
    }

    private async Task WaitForWorkAsync(Queue<(SpooledFrame Frame, Task Publish)> pending, long dispatched, CancellationToken stop)
    {
        if (pending.Count == 0)
        {
            await _spool.WaitForFrameAfterAsync(dispatched, stop);
            return;
        }

        if (pending.Count >= _options.MaxInFlight)
        {
            await Task.WhenAny(pending.Peek().Publish).WaitAsync(stop);
            return;
        }

        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var appended = _spool.WaitForFrameAfterAsync(dispatched, waiting.Token);
        await Task.WhenAny(pending.Peek().Publish, appended).WaitAsync(stop);
        await waiting.CancelAsync();
        try
        {
            await appended;
        }
        catch (OperationCanceledException) when (waiting.IsCancellationRequested)
        {
            // Expected: the head publish completed first and the wait for a new frame was called off.
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, _time, stop);
            return true;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing telemetry frame {FrameId} failed; it stays spooled and is retried in {RetryDelay}")]
    private partial void LogPublishFailed(Exception? error, string frameId, TimeSpan retryDelay);

    [LoggerMessage(Level = LogLevel.Error, Message = "The spool forwarder failed; retrying from the oldest spooled frame in {RetryDelay}")]
    private partial void LogLoopFailed(Exception error, TimeSpan retryDelay);

    [LoggerMessage(Level = LogLevel.Information, Message = "The spool forwarder stopped after forwarding {Forwarded} frames")]
    private partial void LogStopped(long forwarded);
}
