using GroundStation.Messaging.Contracts;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundStation.Edge.Spool;

/// <summary>
/// The edge's on-disk telemetry spool (SQLite, WAL). <see cref="AppendAsync"/> gives each frame its stable id
/// (<c>{station}/{passId}/{sequence}</c>, sequence from 1 per pass, continued across restarts) and commits it with
/// <c>synchronous=FULL</c> before returning, so a process crash or a power cut after the call cannot lose it.
/// Frames are read back in append order and deleted only by <see cref="AcknowledgeAsync(string, CancellationToken)"/> (after the broker's PUBACK).
/// When the spool reaches <see cref="SpoolOptions.MaxBytes"/> or the disk is full, <see cref="SpoolOptions.FullPolicy"/>
/// decides, and every lost frame is counted and reported (<see cref="Overflowed"/>), never thrown.
/// Thread-safe: one connection, one operation at a time.
/// </summary>
public sealed partial class FrameSpool : IAsyncDisposable
{
    private const int SqliteFull = 13;
    private const string DroppedCounter = "dropped";
    private const string RejectedCounter = "rejected";

    private readonly SqliteConnection _connection;
    private readonly SpoolOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _signalGate = new();
    private TaskCompletionSource _appended = NewSignal();
    private long _lastPosition;
    private long _depth;
    private long _bytes;
    private DateTimeOffset? _oldest;
    private long _dropped;
    private long _rejected;
    private bool _countersDirty;
    private bool _disposed;

    private FrameSpool(SqliteConnection connection, SpoolOptions options, TimeProvider time, ILogger logger)
    {
        _connection = connection;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Raised (on the appending thread) when frames were dropped or one rejected for lack of room.</summary>
    public event EventHandler<SpoolOverflow>? Overflowed;

    /// <summary>The spool's counters now.</summary>
    public SpoolStatistics Statistics
    {
        get
        {
            lock (_signalGate)
            {
                return new SpoolStatistics(_depth, _bytes, _oldest, _dropped, _rejected);
            }
        }
    }

    /// <summary>The position of the newest frame ever appended (0 for a new spool).</summary>
    public long LastPosition
    {
        get
        {
            lock (_signalGate)
            {
                return _lastPosition;
            }
        }
    }

    /// <summary>Opens (or creates) the spool at <see cref="SpoolOptions.DatabasePath"/> with whatever an earlier run left in it.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="SqliteException">The file cannot be opened or is not a spool database.</exception>
    public static async Task<FrameSpool> OpenAsync(SpoolOptions options, TimeProvider timeProvider,
        ILogger<FrameSpool>? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        var directory = Path.GetDirectoryName(Path.GetFullPath(options.DatabasePath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        // No pooling: disposing the spool must really close the file (a restarted agent, a test reopening it).
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = options.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            var spool = new FrameSpool(connection, options, timeProvider, (ILogger?)logger ?? NullLogger.Instance);
            await spool.InitialiseAsync(cancellationToken);
            return spool;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Assigns the next frame id of <paramref name="passId"/> and stores the frame durably before returning. When there
    /// is no room, <see cref="SpoolOptions.FullPolicy"/> applies and the result says what was lost (also raised as
    /// <see cref="Overflowed"/>); storage failures are reported the same way, never thrown.
    /// </summary>
    /// <param name="station">The receiving station.</param>
    /// <param name="passId">The pass the frame belongs to.</param>
    /// <param name="receivedAt">When the TNC delivered it.</param>
    /// <param name="data">The frame bytes (copied).</param>
    /// <param name="cancellationToken">Stops waiting for the spool; a frame already being written is still stored.</param>
    public async Task<SpoolAppendResult> AppendAsync(StationId station, PassId passId, DateTimeOffset receivedAt,
        ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        _ = station.Value;
        _ = passId.Value;
        await _gate.WaitAsync(cancellationToken);
        SpoolAppendResult result;
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            result = AppendLocked(station, passId, receivedAt, data.ToArray());
        }
        finally
        {
            _gate.Release();
        }

        if (result.Outcome != SpoolAppendOutcome.Stored)
        {
            RaiseOverflowed(new SpoolOverflow(result.Outcome, result.DroppedFrameIds,
                result.IsStored ? null : station, result.IsStored ? null : passId, result.Reason!, Statistics));
        }

        return result;
    }

    /// <summary>The oldest <paramref name="count"/> unacknowledged frames, oldest first.</summary>
    public Task<IReadOnlyList<SpooledFrame>> ReadOldestAsync(int count, CancellationToken cancellationToken = default) =>
        ReadAfterAsync(0, count, cancellationToken);

    /// <summary>Up to <paramref name="count"/> unacknowledged frames appended after <paramref name="position"/>, oldest first.</summary>
    public async Task<IReadOnlyList<SpooledFrame>> ReadAfterAsync(long position, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var command = _connection.CreateCommand();
            command.CommandText = """
                SELECT id, frame_id, station, pass_id, received_at_ticks, received_at_offset_minutes, data
                FROM frames WHERE id > $after ORDER BY id LIMIT $count
                """;
            command.Parameters.AddWithValue("$after", position);
            command.Parameters.AddWithValue("$count", count);
            using var reader = command.ExecuteReader();
            var frames = new List<SpooledFrame>();
            while (reader.Read())
            {
                frames.Add(new SpooledFrame(reader.GetInt64(0), new TelemetryFrame(
                    TelemetryFrame.CurrentVersion,
                    StationId.Parse(reader.GetString(2)),
                    reader.GetString(3),
                    reader.GetString(1),
                    ReadTime(reader.GetInt64(4), reader.GetInt32(5)),
                    (byte[])reader.GetValue(6))));
            }

            return frames;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Deletes a frame the broker acknowledged. False when it is not (or no longer) in the spool.</summary>
    public async Task<bool> AcknowledgeAsync(string frameId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(frameId);
        return await AcknowledgeAsync([frameId], cancellationToken) == 1;
    }

    /// <summary>
    /// Deletes frames the broker acknowledged, in one transaction; returns how many were still in the spool. The delete
    /// is not fsynced on its own (synchronous=NORMAL for it): losing it to a power cut only means those frames are
    /// published once more, which the core's de-duplication absorbs, and the next append's fsync makes it durable anyway.
    /// </summary>
    public async Task<int> AcknowledgeAsync(IReadOnlyCollection<string> frameIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frameIds);
        if (frameIds.Count == 0)
        {
            return 0;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var relaxed = _connection.CreateCommand();
            relaxed.CommandText = "PRAGMA synchronous=NORMAL;";
            relaxed.ExecuteNonQuery();
            var deleted = 0;
            long freed = 0;
            try
            {
                using var transaction = _connection.BeginTransaction();
                using var command = _connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "DELETE FROM frames WHERE frame_id = $id RETURNING length(data)";
                var id = command.Parameters.Add("$id", SqliteType.Text);
                foreach (var frameId in frameIds)
                {
                    id.Value = frameId;
                    if (command.ExecuteScalar() is long length)
                    {
                        deleted++;
                        freed += length;
                    }
                }

                transaction.Commit();
            }
            finally
            {
                relaxed.CommandText = "PRAGMA synchronous=FULL;";
                relaxed.ExecuteNonQuery();
            }

            var oldest = QueryOldest();
            lock (_signalGate)
            {
                _depth -= deleted;
                _bytes -= freed;
                _oldest = oldest;
            }

            return deleted;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Completes once a frame was appended after <paramref name="position"/> (at once if one already was).</summary>
    public async Task WaitForFrameAfterAsync(long position, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task signal;
            lock (_signalGate)
            {
                if (_lastPosition > position)
                {
                    return;
                }

                signal = _appended.Task;
            }

            await signal.WaitAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await _connection.DisposeAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private void RaiseOverflowed(SpoolOverflow overflow)
    {
        // The result already tells the caller; a failing alarm handler must not turn a handled full disk into an exception.
        try
        {
            Overflowed?.Invoke(this, overflow);
        }
        catch (Exception error)
        {
            LogOverflowHandlerFailed(error);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static DateTimeOffset ReadTime(long utcTicks, int offsetMinutes) =>
        new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes));

    private async Task InitialiseAsync(CancellationToken cancellationToken)
    {
        // WAL: the forwarder reads while the TNC loop appends, and a commit is one sequential log write.
        // synchronous=FULL: every commit fsyncs the log, so a frame whose append returned survives a power cut, not only a
        // process crash (NORMAL would lose the last commits on power loss, which is how edge boxes usually die). At the
        // rates a pass produces (tens of frames/s) the fsync per frame is affordable; see docs/EDGE-SPOOL.md.
        using (var pragma = _connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode=WAL;";
            var mode = (string?)await pragma.ExecuteScalarAsync(cancellationToken);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"{_options.DatabasePath}: SQLite refused WAL mode (journal mode is '{mode}').");
            }

            pragma.CommandText = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            if (_options.MaxDatabasePages is { } pages)
            {
                pragma.CommandText = $"PRAGMA max_page_count={pages};";
                await pragma.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        using (var schema = _connection.CreateCommand())
        {
            schema.CommandText = """
                CREATE TABLE IF NOT EXISTS frames(
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    frame_id TEXT NOT NULL UNIQUE,
                    station TEXT NOT NULL,
                    pass_id TEXT NOT NULL,
                    received_at_ticks INTEGER NOT NULL,
                    received_at_offset_minutes INTEGER NOT NULL,
                    spooled_at_ticks INTEGER NOT NULL,
                    data BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS pass_sequences(
                    station TEXT NOT NULL,
                    pass_id TEXT NOT NULL,
                    last_sequence INTEGER NOT NULL,
                    PRIMARY KEY (station, pass_id)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS counters(
                    name TEXT PRIMARY KEY,
                    value INTEGER NOT NULL) WITHOUT ROWID;
                INSERT OR IGNORE INTO counters(name, value) VALUES ('dropped', 0), ('rejected', 0);
                """;
            await schema.ExecuteNonQueryAsync(cancellationToken);
        }

        using var load = _connection.CreateCommand();
        load.CommandText = """
            SELECT count(*), coalesce(sum(length(data)), 0) FROM frames;
            SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'frames'), 0);
            SELECT name, value FROM counters;
            """;
        using (var reader = await load.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            _depth = reader.GetInt64(0);
            _bytes = reader.GetInt64(1);
            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            _lastPosition = reader.GetInt64(0);
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                switch (reader.GetString(0))
                {
                    case DroppedCounter:
                        _dropped = reader.GetInt64(1);
                        break;
                    case RejectedCounter:
                        _rejected = reader.GetInt64(1);
                        break;
                }
            }
        }

        _oldest = QueryOldest();
        LogOpened(_options.DatabasePath, _depth, _bytes, _lastPosition);
    }

    private SpoolAppendResult AppendLocked(StationId station, PassId passId, DateTimeOffset receivedAt, byte[] data)
    {
        if (data.Length > _options.MaxBytes)
        {
            return Reject(station, passId, $"max-bytes: the frame ({data.Length} bytes) is larger than the whole spool ({_options.MaxBytes} bytes)", []);
        }

        List<string> dropped = [];
        long droppedBytes = 0;
        if (_bytes + data.Length > _options.MaxBytes)
        {
            if (_options.FullPolicy == SpoolFullPolicy.RejectNewest)
            {
                return Reject(station, passId, $"max-bytes: the spool holds {_bytes} of {_options.MaxBytes} bytes", []);
            }

            droppedBytes = SelectOldestToDrop(_bytes + data.Length - _options.MaxBytes, dropped);
        }

        try
        {
            var frame = Insert(station, passId, receivedAt, data, dropped, droppedBytes);
            return dropped.Count == 0
                ? new SpoolAppendResult(SpoolAppendOutcome.Stored, frame, [], null)
                : Dropped(frame, dropped, "max-bytes");
        }
        catch (SqliteException error) when (error.SqliteErrorCode == SqliteFull)
        {
            LogDiskFull(error, _options.DatabasePath, _depth, _bytes);
            if (_options.FullPolicy == SpoolFullPolicy.DropOldest && _depth > dropped.Count)
            {
                // The disk (not MaxBytes) is the limit: free a tenth of the spool (at least the new frame's size) and retry once.
                var target = Math.Max(data.Length, _bytes / 10);
                dropped.Clear();
                droppedBytes = SelectOldestToDrop(target, dropped);
                try
                {
                    var frame = Insert(station, passId, receivedAt, data, dropped, droppedBytes);
                    return Dropped(frame, dropped, "disk-full");
                }
                catch (SqliteException again) when (again.SqliteErrorCode == SqliteFull)
                {
                    LogDiskFull(again, _options.DatabasePath, _depth, _bytes);
                }
            }

            return Reject(station, passId, $"disk-full: {error.Message}", []);
        }
        catch (SqliteException error)
        {
            // Any other storage failure (I/O error, corruption): the frame is lost, so it is counted and reported like a full disk.
            LogStorageFailed(error, _options.DatabasePath);
            return Reject(station, passId, $"storage-error: {error.Message}", []);
        }
    }

    private TelemetryFrame Insert(StationId station, PassId passId, DateTimeOffset receivedAt, byte[] data,
        List<string> dropped, long droppedBytes)
    {
        var spooledAt = _time.GetUtcNow();
        using var transaction = _connection.BeginTransaction();
        try
        {
            using var next = _connection.CreateCommand();
            next.Transaction = transaction;
            next.CommandText = """
                INSERT INTO pass_sequences(station, pass_id, last_sequence) VALUES ($station, $pass, 1)
                ON CONFLICT(station, pass_id) DO UPDATE SET last_sequence = last_sequence + 1
                RETURNING last_sequence
                """;
            next.Parameters.AddWithValue("$station", station.Value);
            next.Parameters.AddWithValue("$pass", passId.Value);
            var sequence = (long)next.ExecuteScalar()!;
            var frameId = FrameIds.Format(station, passId, sequence);

            foreach (var droppedId in dropped)
            {
                using var delete = _connection.CreateCommand();
                delete.Transaction = transaction;
                delete.CommandText = "DELETE FROM frames WHERE frame_id = $id";
                delete.Parameters.AddWithValue("$id", droppedId);
                delete.ExecuteNonQuery();
            }

            using var insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO frames(frame_id, station, pass_id, received_at_ticks, received_at_offset_minutes, spooled_at_ticks, data)
                VALUES ($id, $station, $pass, $received, $offset, $spooled, $data)
                RETURNING id
                """;
            insert.Parameters.AddWithValue("$id", frameId);
            insert.Parameters.AddWithValue("$station", station.Value);
            insert.Parameters.AddWithValue("$pass", passId.Value);
            insert.Parameters.AddWithValue("$received", receivedAt.UtcTicks);
            insert.Parameters.AddWithValue("$offset", (int)receivedAt.Offset.TotalMinutes);
            insert.Parameters.AddWithValue("$spooled", spooledAt.UtcTicks);
            insert.Parameters.AddWithValue("$data", data);
            var position = (long)insert.ExecuteScalar()!;

            var droppedNow = _dropped + dropped.Count;
            if (_countersDirty || dropped.Count > 0)
            {
                WriteCounters(transaction, droppedNow, _rejected);
            }

            transaction.Commit();

            var frame = new TelemetryFrame(TelemetryFrame.CurrentVersion, station, passId.Value, frameId, receivedAt, data);
            var oldest = dropped.Count > 0 ? QueryOldest() : null;
            TaskCompletionSource signal;
            lock (_signalGate)
            {
                _countersDirty = false;
                _dropped = droppedNow;
                _depth += 1 - dropped.Count;
                _bytes += data.Length - droppedBytes;
                _oldest = dropped.Count > 0 ? oldest : _oldest ?? receivedAt;
                _lastPosition = position;
                signal = _appended;
                _appended = NewSignal();
            }

            signal.TrySetResult();
            return frame;
        }
        catch (SqliteException)
        {
            RollBack(transaction);
            throw;
        }
    }

    private void WriteCounters(SqliteTransaction transaction, long droppedCount, long rejectedCount)
    {
        using var counters = _connection.CreateCommand();
        counters.Transaction = transaction;
        counters.CommandText = """
            UPDATE counters SET value = $dropped WHERE name = 'dropped';
            UPDATE counters SET value = $rejected WHERE name = 'rejected';
            """;
        counters.Parameters.AddWithValue("$dropped", droppedCount);
        counters.Parameters.AddWithValue("$rejected", rejectedCount);
        counters.ExecuteNonQuery();
    }

    private void RollBack(SqliteTransaction transaction)
    {
        // SQLITE_FULL may already have rolled the transaction back inside SQLite; a second ROLLBACK then fails, which
        // leaves nothing to undo, so that failure is logged and not rethrown over the original error.
        try
        {
            transaction.Rollback();
        }
        catch (SqliteException error)
        {
            LogRollbackFailed(error);
        }
    }

    private long SelectOldestToDrop(long bytesToFree, List<string> dropped)
    {
        using var select = _connection.CreateCommand();
        select.CommandText = "SELECT frame_id, length(data) FROM frames ORDER BY id";
        using var reader = select.ExecuteReader();
        long freed = 0;
        while (freed < bytesToFree && reader.Read())
        {
            dropped.Add(reader.GetString(0));
            freed += reader.GetInt64(1);
        }

        return freed;
    }

    private SpoolAppendResult Dropped(TelemetryFrame frame, List<string> dropped, string reason)
    {
        LogDropped(dropped.Count, dropped[0], dropped[^1], reason);
        return new SpoolAppendResult(SpoolAppendOutcome.StoredAfterDroppingOldest, frame, dropped, reason);
    }

    private SpoolAppendResult Reject(StationId station, PassId passId, string reason, IReadOnlyList<string> dropped)
    {
        lock (_signalGate)
        {
            _rejected++;
            _countersDirty = true;
        }

        LogRejected(station.Value, passId.Value, reason);
        TryPersistCounters();
        return new SpoolAppendResult(SpoolAppendOutcome.Rejected, null, dropped, reason);
    }

    private void TryPersistCounters()
    {
        // Best effort: on a full disk this fails too; the counters then ride along with the next successful append.
        try
        {
            using var transaction = _connection.BeginTransaction();
            WriteCounters(transaction, _dropped, _rejected);
            transaction.Commit();
            lock (_signalGate)
            {
                _countersDirty = false;
            }
        }
        catch (SqliteException error)
        {
            LogCountersNotSaved(error);
        }
    }

    private DateTimeOffset? QueryOldest()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT received_at_ticks, received_at_offset_minutes FROM frames ORDER BY id LIMIT 1";
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadTime(reader.GetInt64(0), reader.GetInt32(1)) : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Telemetry spool {Path} opened: {Depth} frames ({Bytes} bytes) waiting, last position {Position}")]
    private partial void LogOpened(string path, long depth, long bytes, long position);

    [LoggerMessage(Level = LogLevel.Error, Message = "Telemetry spool {Path}: the disk is full ({Depth} frames, {Bytes} bytes spooled)")]
    private partial void LogDiskFull(Exception error, string path, long depth, long bytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Telemetry spool {Path}: storing a frame failed")]
    private partial void LogStorageFailed(Exception error, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telemetry spool full: dropped {Count} unacknowledged frames ({First} .. {Last}) to make room ({Reason})")]
    private partial void LogDropped(int count, string first, string last, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telemetry spool full: rejected a frame of station {Station} pass {PassId} ({Reason})")]
    private partial void LogRejected(string station, string passId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Telemetry spool: an Overflowed handler threw")]
    private partial void LogOverflowHandlerFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telemetry spool: rolling back a failed append failed")]
    private partial void LogRollbackFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telemetry spool: the drop/reject counters could not be saved now; they are saved with the next frame")]
    private partial void LogCountersNotSaved(Exception error);
}
