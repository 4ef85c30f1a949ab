using System.Globalization;
using System.Threading.Channels;
using GroundStation.Frames.Ax25;
using GroundStation.Messaging.Contracts;
using GroundStation.Orbits;
using GroundStation.Telemetry.Decoding;
using GroundStation.Telemetry.Influx.Sink;
using GroundStation.Telemetry.Limits;
using GroundStation.Telemetry.Live;
using GroundStation.Telemetry.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundStation.Telemetry;

/// <summary>What became of an ingested frame.</summary>
public enum IngestOutcome
{
    /// <summary>Stored and decoded.</summary>
    Stored,

    /// <summary>Stored with the reason it could not be decoded.</summary>
    StoredUndecoded,

    /// <summary>A frame with this id was stored before; nothing was done.</summary>
    Duplicate,
}

/// <summary>
/// The telemetry pipeline: frames queue in a bounded channel; one writer takes them in batches and, in one SQLite
/// transaction per batch, de-duplicates by frame id (the store's unique key, so a restart does not re-ingest), decodes
/// with the satellite's decoder (a frame that fails is stored with its error, never lost), classifies every value
/// against its limits and raises or clears alarms. After the commit it completes the callers, streams the samples live,
/// hands them to InfluxDB when configured and tells the housekeeping listeners (the command verifier).
/// </summary>
public sealed partial class TelemetryIngest : IAsyncDisposable
{
    private readonly TelemetryStore _store;
    private readonly TelemetryDecoderRegistry _decoders;
    private readonly ITelemetryTargetDirectory _targets;
    private readonly LimitBook _limits;
    private readonly TelemetryLiveFeed _live;
    private readonly IHousekeepingListener[] _listeners;
    private readonly ITelemetryWriter? _influx;
    private readonly TelemetryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<Pending> _queue;
    private readonly Channel<List<Processed>> _dispatch;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _writer;
    private readonly Task _dispatcher;
    private long _stored;
    private long _duplicates;
    private int _disposed;

    /// <summary>Creates the ingest and starts its writer.</summary>
    public TelemetryIngest(TelemetryStore store, TelemetryDecoderRegistry decoders, ITelemetryTargetDirectory targets,
        TelemetryLiveFeed live, IEnumerable<IHousekeepingListener> listeners, TelemetryOptions options, TimeProvider time,
        ITelemetryWriter? influx = null, ILogger<TelemetryIngest>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _decoders = decoders ?? throw new ArgumentNullException(nameof(decoders));
        _targets = targets ?? throw new ArgumentNullException(nameof(targets));
        _live = live ?? throw new ArgumentNullException(nameof(live));
        _listeners = listeners?.ToArray() ?? [];
        _options = options;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _influx = influx;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _limits = new LimitBook(options);
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _dispatch = Channel.CreateBounded<List<Processed>>(new BoundedChannelOptions(64)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });
        var tracker = new AlarmTracker(store.UnclearedAlarms());
        _writer = Task.Run(() => WriteLoopAsync(tracker));
        _dispatcher = Task.Run(DispatchLoopAsync);
    }

    /// <summary>Frames stored (committed) since start, decoded or not.</summary>
    public long StoredCount => Interlocked.Read(ref _stored);

    /// <summary>Duplicates ignored since start.</summary>
    public long DuplicateCount => Interlocked.Read(ref _duplicates);

    /// <summary>Ingests <paramref name="frame"/>; completes once it is durably stored (or found to be a duplicate).</summary>
    /// <exception cref="ObjectDisposedException">The ingest is stopping.</exception>
    public async Task<IngestOutcome> IngestAsync(TelemetryFrame frame, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var completion = new TaskCompletionSource<IngestOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        await WriteAsync(new Pending(frame, completion), ct).ConfigureAwait(false);
        return await completion.Task.WaitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Queues <paramref name="frame"/> and returns a task that completes once it is durably stored; the returned
    /// <see cref="ValueTask"/> itself completes as soon as the frame is queued (it waits while the queue is full), so a
    /// subscriber can keep many frames in flight.
    /// </summary>
    public async ValueTask<Task<IngestOutcome>> EnqueueAsync(TelemetryFrame frame, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var completion = new TaskCompletionSource<IngestOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        await WriteAsync(new Pending(frame, completion), ct).ConfigureAwait(false);
        return completion.Task;
    }

    /// <summary>Stops taking frames, stores what is queued and waits for the live and listener hand-off.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        try
        {
            await _writer.ConfigureAwait(false);
            await _dispatcher.ConfigureAwait(false);
        }
        finally
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            _stopping.Dispose();
        }
    }

    private async ValueTask WriteAsync(Pending pending, CancellationToken ct)
    {
        try
        {
            if (!_queue.Writer.TryWrite(pending))
            {
                await _queue.Writer.WriteAsync(pending, ct).ConfigureAwait(false);
            }
        }
        catch (ChannelClosedException closed)
        {
            throw new ObjectDisposedException("The telemetry ingest is stopping.", closed);
        }
    }

    private async Task WriteLoopAsync(AlarmTracker tracker)
    {
        var batch = new List<Pending>(_options.MaxBatch);
        using var writer = _store.OpenWriter();
        try
        {
            while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < _options.MaxBatch && _queue.Reader.TryRead(out var pending))
                {
                    batch.Add(pending);
                }

                List<Processed> processed;
                try
                {
                    processed = WriteBatch(writer, tracker, batch);
                }
#pragma warning disable CA1031 // A failed batch must fail its callers, not kill the writer: the next batch may succeed.
                catch (Exception error)
#pragma warning restore CA1031
                {
                    writer.Rollback();
                    LogBatchFailed(error, batch.Count);
                    foreach (var pending in batch)
                    {
                        pending.Completion.TrySetException(error);
                    }

                    continue;
                }

                foreach (var item in processed)
                {
                    item.Pending.Completion.TrySetResult(item.Outcome);
                }

                await _dispatch.Writer.WriteAsync(processed).ConfigureAwait(false);
            }
        }
        finally
        {
            _dispatch.Writer.TryComplete();
        }
    }

    private List<Processed> WriteBatch(TelemetryStoreWriter writer, AlarmTracker tracker, List<Pending> batch)
    {
        var processed = new List<Processed>(batch.Count);
        var now = _time.GetUtcNow();
        writer.Begin();
        foreach (var pending in batch)
        {
            var frame = pending.Frame;
            var (stored, definitions) = Decode(frame, now);
            if (!writer.TryInsert(stored))
            {
                Interlocked.Increment(ref _duplicates);
                processed.Add(new Processed(pending, IngestOutcome.Duplicate, stored, null, null));
                continue;
            }

            List<AlarmChange>? changes = null;
            if (stored.Values is { } values && definitions is not null)
            {
                for (var i = 0; i < values.Length; i++)
                {
                    var limit = _limits.Find(new NoradId(stored.Norad!.Value), stored.Decoder!, definitions[i].Name);
                    if (limit is null)
                    {
                        continue;
                    }

                    var change = tracker.Observe(stored.Norad.Value, definitions[i].Name, values[i], stored.Limits![i], limit.Persistence,
                        stored.SampledAt!.Value, stored.FrameId);
                    if (change is null)
                    {
                        continue;
                    }

                    if (change.Kind == AlarmChangeKind.Raised)
                    {
                        change = change with { Alarm = tracker.Stored(change.Alarm, writer.InsertAlarm(change.Alarm)) };
                    }
                    else
                    {
                        writer.UpdateAlarm(change.Alarm);
                    }

                    (changes ??= []).Add(change);
                }
            }

            processed.Add(new Processed(pending, stored.Decoded ? IngestOutcome.Stored : IngestOutcome.StoredUndecoded, stored, definitions, changes));
        }

        writer.Commit();
        Interlocked.Add(ref _stored, processed.Count(p => p.Outcome != IngestOutcome.Duplicate));
        return processed;
    }

    private (StoredFrame Frame, IReadOnlyList<ParameterDefinition>? Definitions) Decode(TelemetryFrame frame, DateTimeOffset now)
    {
        var data = frame.Data ?? [];
        StoredFrame Undecoded(int? norad, string error) =>
            new(frame.FrameId, frame.Station, frame.PassId, norad, frame.ReceivedAt, now, data, null, null, null, null, error);

        if (!PassIds.TryGetNorad(frame.PassId, out var norad))
        {
            return (Undecoded(null, $"pass id '{frame.PassId}' names no satellite (expected station.norad.aos)"), null);
        }

        var target = _targets.Find(norad);
        if (target is null)
        {
            return (Undecoded(norad.Value, $"satellite {norad} is not registered"), null);
        }

        if (target.Callsign is { } expected && Ax25Codec.Decode(data, Ax25Fcs.Absent) is { IsSuccess: true } ax25 &&
            (ax25.Value.Source.Callsign != expected.Callsign || ax25.Value.Source.Ssid != expected.Ssid))
        {
            return (Undecoded(norad.Value, $"sent by {ax25.Value.Source}, not by satellite {norad} ({expected}): another transmitter heard during its pass"), null);
        }

        if (!_decoders.TryGet(target.Decoder, out var decoder))
        {
            return (Undecoded(norad.Value, $"satellite {norad} names decoder '{target.Decoder}', which the core does not have"), null);
        }

        var definitions = decoder.Parameters;
        var values = new double[definitions.Count];
        var error = decoder.TryDecode(data, values, out var sampledAt);
        if (error is not null)
        {
            return (Undecoded(norad.Value, error), null);
        }

        var limits = new LimitState[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            limits[i] = _limits.Find(norad, decoder.Name, definitions[i].Name)?.Classify(values[i]) ?? LimitState.Nominal;
        }

        return (new StoredFrame(frame.FrameId, frame.Station, frame.PassId, norad.Value, frame.ReceivedAt, now, data, decoder.Name,
            sampledAt, values, limits, null), definitions);
    }

    private async Task DispatchLoopAsync()
    {
        await foreach (var batch in _dispatch.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            foreach (var item in batch)
            {
                if (item.Outcome == IngestOutcome.Duplicate)
                {
                    continue;
                }

                try
                {
                    await DispatchAsync(item).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // A failing listener or sink must not stop the live stream of the frames behind it.
                catch (Exception error)
#pragma warning restore CA1031
                {
                    LogDispatchFailed(error, item.Frame.FrameId);
                }
            }
        }
    }

    private async Task DispatchAsync(Processed item)
    {
        var frame = item.Frame;
        var liveOn = _live.HasSubscribers;
        if (liveOn)
        {
            _live.Publish(new TelemetryLiveEvent(frame.Norad, Frame: ToView(frame)));
            foreach (var change in item.AlarmChanges ?? [])
            {
                _live.Publish(new TelemetryLiveEvent(frame.Norad, Alarm: change));
            }
        }

        if (frame.Values is not { } values || item.Definitions is not { } definitions)
        {
            return;
        }

        var parameters = new ParameterValue[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            parameters[i] = new ParameterValue(definitions[i].Name, values[i], definitions[i].Unit, frame.Limits![i]);
            if (liveOn)
            {
                _live.Publish(new TelemetryLiveEvent(frame.Norad,
                    Sample: new TelemetrySampleView(frame.Norad!.Value, definitions[i].Name, frame.SampledAt!.Value, values[i], definitions[i].Unit, frame.Limits[i])));
            }
        }

        if (_influx is not null)
        {
            var satellite = frame.Norad!.Value.ToString(CultureInfo.InvariantCulture);
            foreach (var parameter in parameters)
            {
                await _influx.WriteAsync(new TelemetrySample(satellite, parameter.Name, parameter.Value, frame.SampledAt!.Value,
                    frame.Station.Value, frame.PassId), _stopping.Token).ConfigureAwait(false);
            }
        }

        if (_listeners.Length > 0)
        {
            var decoded = new DecodedFrame(frame.FrameId, frame.Station, frame.PassId, frame.ReceivedAt, frame.SampledAt!.Value, frame.Decoder!, parameters);
            var norad = new NoradId(frame.Norad!.Value);
            foreach (var listener in _listeners)
            {
                try
                {
                    await listener.OnDecodedAsync(norad, decoded, _stopping.Token).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // One listener's failure must not keep the frame from the others.
                catch (Exception error)
#pragma warning restore CA1031
                {
                    LogListenerFailed(error, listener.GetType().Name, frame.FrameId);
                }
            }
        }
    }

    /// <summary>The API view of a stored frame.</summary>
    public static TelemetryFrameView ToView(StoredFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return new TelemetryFrameView(frame.FrameId, frame.Station.Value, frame.PassId, frame.Norad, frame.ReceivedAt, frame.StoredAt,
            frame.Data.Length, frame.Decoded, frame.Error);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Telemetry: a batch of {Count} frames could not be stored; its callers were failed")]
    private partial void LogBatchFailed(Exception error, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Telemetry: the live/InfluxDB hand-off of frame {FrameId} failed")]
    private partial void LogDispatchFailed(Exception error, string frameId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Telemetry: housekeeping listener {Listener} failed on frame {FrameId}")]
    private partial void LogListenerFailed(Exception error, string listener, string frameId);

    private sealed record Pending(TelemetryFrame Frame, TaskCompletionSource<IngestOutcome> Completion);

    private sealed record Processed(Pending Pending, IngestOutcome Outcome, StoredFrame Frame,
        IReadOnlyList<ParameterDefinition>? Definitions, List<AlarmChange>? AlarmChanges);
}
