using System.Threading.Channels;
using GroundStation.Telemetry.Influx.Http;
using GroundStation.Telemetry.Influx.LineProtocol;
using Microsoft.Extensions.Logging;

namespace GroundStation.Telemetry.Influx.Sink;

/// <summary>
/// Stores telemetry in InfluxDB in batches: samples queue in a bounded channel and are sent when a batch is full or
/// the flush interval (on the injected <see cref="TimeProvider"/>) has passed. A failed flush keeps its batch and
/// retries with exponential backoff, so nothing accepted is lost until the server stores it or the sink stops;
/// <see cref="StopAsync"/> reports what was never stored.
/// </summary>
public sealed partial class InfluxTelemetrySink : ITelemetryWriter, IAsyncDisposable
{
    private readonly InfluxV1Client _client;
    private readonly InfluxSinkOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<(TelemetrySample Sample, LinePoint Point)> _queue;
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly CancellationTokenSource _abort = new();
    private readonly List<(TelemetrySample Sample, LinePoint Point)> _batch = [];
    private readonly List<FailedLine> _rejected = [];
    private readonly ITimer _flushTimer;
    private readonly Task _loop;
    private volatile bool _flushDue;
    private long _written;
    private long _failedFlushes;
    private SinkStopReport? _report;

    /// <summary>Starts the sink; it writes through <paramref name="client"/> until stopped.</summary>
    public InfluxTelemetrySink(InfluxV1Client client, InfluxSinkOptions options, TimeProvider timeProvider,
        ILogger<InfluxTelemetrySink> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Capacity, options.BatchSize);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.FlushInterval, TimeSpan.Zero);
        _client = client;
        _options = options;
        _time = timeProvider;
        _logger = logger;
        _queue = Channel.CreateBounded<(TelemetrySample, LinePoint)>(
            new BoundedChannelOptions(options.Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _flushTimer = timeProvider.CreateTimer(static state => ((InfluxTelemetrySink)state!).OnFlushTimer(), this,
            options.FlushInterval, options.FlushInterval);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Samples the server has stored so far.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Flushes that failed and were retried so far.</summary>
    public long FailedFlushes => Interlocked.Read(ref _failedFlushes);

    /// <inheritdoc />
    public async ValueTask WriteAsync(TelemetrySample sample, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        // Checked here, so that a sample line protocol cannot carry is refused to its producer, not lost later.
        var point = TelemetryPointMapping.ToPoint(sample, _options.Measurement);
        try
        {
            await _queue.Writer.WriteAsync((sample, point), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException e)
        {
            throw new InfluxException("The telemetry sink is stopped and accepts no more samples.", e);
        }

        if (_queue.Reader.Count >= _options.BatchSize)
        {
            _wake.Release();
        }
    }

    /// <summary>
    /// Stops accepting samples, keeps flushing what was accepted for up to <see cref="InfluxSinkOptions.DrainTimeout"/>,
    /// and reports what was stored, refused and left over.
    /// </summary>
    public async Task<SinkStopReport> StopAsync()
    {
        if (_report is { } done)
        {
            return done;
        }

        _queue.Writer.TryComplete();
        _wake.Release();
        await _flushTimer.DisposeAsync().ConfigureAwait(false);
        using (var drain = new CancellationTokenSource(_options.DrainTimeout, _time))
        using (drain.Token.Register(static s => ((CancellationTokenSource)s!).Cancel(), _abort))
        {
            await _loop.ConfigureAwait(false);
        }

        var remaining = _batch.Select(b => b.Sample).ToList();
        while (_queue.Reader.TryRead(out var item))
        {
            remaining.Add(item.Sample);
        }

        _report = new SinkStopReport(Written, _rejected.ToArray(), remaining);
        if (remaining.Count > 0)
        {
            LogLeftOver(remaining.Count, Written);
        }

        return _report;
    }

    /// <summary>Stops the sink (see <see cref="StopAsync"/>); a non-empty remainder is logged as an error.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _abort.Dispose();
        _wake.Dispose();
    }

    private void OnFlushTimer()
    {
        _flushDue = true;
        _wake.Release();
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var abort = _abort.Token;
        var completed = false;
        while (!abort.IsCancellationRequested)
        {
            while (_batch.Count < _options.BatchSize && reader.TryRead(out var item))
            {
                _batch.Add(item);
            }

            completed = reader.Completion.IsCompleted;
            var full = _batch.Count >= _options.BatchSize;
            if (_batch.Count > 0 && (full || _flushDue || completed))
            {
                _flushDue = false;
                await FlushAsync(abort).ConfigureAwait(false);
                continue;
            }

            if (completed)
            {
                return;
            }

            if (_batch.Count == 0)
            {
                // The interval passed with nothing pending: the next sample waits for the next interval.
                _flushDue = false;
            }

            try
            {
                await _wake.WaitAsync(abort).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task FlushAsync(CancellationToken abort)
    {
        var backoff = _options.InitialBackoff;
        var chunk = _batch.Count;
        while (_batch.Count > 0 && !abort.IsCancellationRequested)
        {
            var size = Math.Min(chunk, _batch.Count);
            TimeSpan wait;
            try
            {
                await _client.WriteAsync(_batch.Take(size).Select(b => b.Point).ToArray(), abort).ConfigureAwait(false);
                Interlocked.Add(ref _written, size);
                _batch.RemoveRange(0, size);
                backoff = _options.InitialBackoff;
                continue;
            }
            catch (InfluxPartialWriteException e)
            {
                // The server stored the lines it could; the refused ones would be refused again, so they are
                // counted and reported rather than retried.
                Reject(e.FailedLines, e.Message);
                Interlocked.Add(ref _written, Math.Max(0, size - e.FailedLines.Count(f => f.LineNumber > 0)));
                _batch.RemoveRange(0, size);
                continue;
            }
            catch (InfluxRequestTooLargeException e) when (size > 1)
            {
                chunk = size / 2;
                LogSplit(size, chunk, e.Message);
                continue;
            }
            catch (InfluxRequestTooLargeException e)
            {
                Reject([new FailedLine(1, LineProtocolWriter.Format(_batch[0].Point), e.Message)], e.Message);
                _batch.RemoveAt(0);
                continue;
            }
            catch (InfluxUnavailableException e) when (e.RetryAfter is { } after)
            {
                wait = after;
                Failed(e, wait);
            }
            catch (InfluxException e)
            {
                wait = backoff;
                Failed(e, wait);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException)
            {
                // A misused or disposed HttpClient: the batch is kept and retried like any other failure, so the
                // loop survives and the stop report still lists every sample.
                wait = backoff;
                Failed(e, wait);
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
            try
            {
                await Task.Delay(wait, _time, abort).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Reject(IReadOnlyList<FailedLine> lines, string reason)
    {
        _rejected.AddRange(lines);
        LogRejected(lines.Count, reason);
    }

    private void Failed(Exception e, TimeSpan wait)
    {
        Interlocked.Increment(ref _failedFlushes);
        LogRetry(e, _batch.Count, wait);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} telemetry samples to InfluxDB failed; retrying in {Wait}")]
    private partial void LogRetry(Exception exception, int count, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Size} lines is too large for InfluxDB ({Reason}); sending {Chunk} at a time")]
    private partial void LogSplit(int size, int chunk, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "InfluxDB refused {Count} telemetry lines for good: {Reason}")]
    private partial void LogRejected(int count, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The telemetry sink stopped with {Remaining} samples never stored ({Written} stored)")]
    private partial void LogLeftOver(int remaining, long written);
}
