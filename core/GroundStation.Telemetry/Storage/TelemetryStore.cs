using System.Runtime.InteropServices;
using GroundStation.Messaging.Contracts;
using GroundStation.Storage;
using GroundStation.Telemetry.Limits;
using Microsoft.Data.Sqlite;

namespace GroundStation.Telemetry.Storage;

/// <summary>
/// The SQLite store of frames (raw bytes with their decoded values or error), alarms and their acknowledgements (WAL,
/// schema created on open). Writes come from one <see cref="TelemetryStoreWriter"/> at a time; reads open their own
/// pooled connections, so queries never wait for the ingest's transaction.
/// </summary>
public sealed class TelemetryStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS frames (
            frame_id TEXT NOT NULL UNIQUE,
            station TEXT NOT NULL,
            pass_id TEXT NOT NULL,
            norad INTEGER,
            received_at INTEGER NOT NULL,
            stored_at INTEGER NOT NULL,
            data BLOB NOT NULL,
            decoder TEXT,
            sampled_at INTEGER,
            vals BLOB,
            limits BLOB,
            error TEXT);
        CREATE INDEX IF NOT EXISTS frames_norad_sampled ON frames(norad, sampled_at);
        CREATE TABLE IF NOT EXISTS alarms (
            alarm_id INTEGER PRIMARY KEY,
            norad INTEGER NOT NULL,
            parameter TEXT NOT NULL,
            severity INTEGER NOT NULL,
            value REAL NOT NULL,
            raised_at INTEGER NOT NULL,
            cleared_at INTEGER,
            acknowledged_by TEXT,
            acknowledged_at INTEGER,
            frame_id TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS alarms_open ON alarms(cleared_at, acknowledged_at);
        """;

    private readonly SqliteDatabase _database;

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/>.</summary>
    public TelemetryStore(string path) => _database = SqliteDatabase.Pooled(path, Schema);

    /// <summary>Opens a connection with the store's settings.</summary>
    internal SqliteConnection Open() => _database.Open();

    /// <summary>Opens the single writer used by the ingest.</summary>
    internal TelemetryStoreWriter OpenWriter() => new(Open());

    /// <summary>True when a frame with this id is stored.</summary>
    public bool Contains(string frameId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM frames WHERE frame_id = $id";
        command.Parameters.AddWithValue("$id", frameId);
        return command.ExecuteScalar() is not null;
    }

    /// <summary>How many frames are stored.</summary>
    public long CountFrames()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM frames";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Frames newest first, filtered by any of satellite, station and pass.</summary>
    public IReadOnlyList<StoredFrame> Frames(int? norad, StationId? station, string? passId, int limit)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        var where = new List<string>();
        if (norad is { } n)
        {
            where.Add("norad = $norad");
            command.Parameters.AddWithValue("$norad", n);
        }

        if (station is { } s)
        {
            where.Add("station = $station");
            command.Parameters.AddWithValue("$station", s.Value);
        }

        if (passId is not null)
        {
            where.Add("pass_id = $pass");
            command.Parameters.AddWithValue("$pass", passId);
        }

        command.CommandText = "SELECT " + FrameColumns + " FROM frames" + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") +
                              " ORDER BY rowid DESC LIMIT $limit";
        command.Parameters.AddWithValue("$limit", limit);
        return ReadFrames(command);
    }

    /// <summary>Decoded frames of a satellite sampled in [from, to), newest first.</summary>
    public IReadOnlyList<StoredFrame> DecodedFrames(int norad, DateTimeOffset from, DateTimeOffset to, int limit)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT " + FrameColumns + " FROM frames WHERE norad = $norad AND sampled_at >= $from AND sampled_at < $to " +
                              "AND vals IS NOT NULL ORDER BY sampled_at DESC, rowid DESC LIMIT $limit";
        command.Parameters.AddWithValue("$norad", norad);
        command.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$limit", limit);
        return ReadFrames(command);
    }

    /// <summary>
    /// The alarms, newest first; <paramref name="activeOnly"/> leaves out those cleared and acknowledged, and
    /// <paramref name="before"/> (an alarm id) starts the page below that alarm, to read the store page by page.
    /// </summary>
    public IReadOnlyList<Alarm> Alarms(bool activeOnly, int limit, long? before = null)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT " + AlarmColumns + " FROM alarms WHERE alarm_id < $before" +
                              (activeOnly ? " AND (cleared_at IS NULL OR acknowledged_at IS NULL)" : "") +
                              " ORDER BY alarm_id DESC LIMIT $limit";
        command.Parameters.AddWithValue("$before", before ?? long.MaxValue);
        command.Parameters.AddWithValue("$limit", limit);
        return ReadAlarms(command);
    }

    /// <summary>The alarms not yet cleared (the limit checker resumes from them after a restart).</summary>
    public IReadOnlyList<Alarm> UnclearedAlarms()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT " + AlarmColumns + " FROM alarms WHERE cleared_at IS NULL ORDER BY alarm_id";
        return ReadAlarms(command);
    }

    /// <summary>One alarm, or null.</summary>
    public Alarm? FindAlarm(long alarmId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT " + AlarmColumns + " FROM alarms WHERE alarm_id = $id";
        command.Parameters.AddWithValue("$id", alarmId);
        return ReadAlarms(command).FirstOrDefault();
    }

    /// <summary>Records the acknowledgement (the first one counts); returns the alarm, or null when unknown.</summary>
    public Alarm? Acknowledge(long alarmId, string principal, DateTimeOffset at)
    {
        using (var connection = Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "UPDATE alarms SET acknowledged_by = $by, acknowledged_at = $at WHERE alarm_id = $id AND acknowledged_at IS NULL";
            command.Parameters.AddWithValue("$by", principal);
            command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$id", alarmId);
            command.ExecuteNonQuery();
        }

        return FindAlarm(alarmId);
    }

    private const string FrameColumns = "frame_id, station, pass_id, norad, received_at, stored_at, data, decoder, sampled_at, vals, limits, error";

    private const string AlarmColumns = "alarm_id, norad, parameter, severity, value, raised_at, cleared_at, acknowledged_by, acknowledged_at, frame_id";

    private static List<StoredFrame> ReadFrames(SqliteCommand command)
    {
        var frames = new List<StoredFrame>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            frames.Add(new StoredFrame(
                reader.GetString(0),
                StationId.Parse(reader.GetString(1)),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetInt32(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                (byte[])reader.GetValue(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
                reader.IsDBNull(9) ? null : MemoryMarshal.Cast<byte, double>((byte[])reader.GetValue(9)).ToArray(),
                reader.IsDBNull(10) ? null : Array.ConvertAll((byte[])reader.GetValue(10), b => (LimitState)b),
                reader.IsDBNull(11) ? null : reader.GetString(11)));
        }

        return frames;
    }

    private static List<Alarm> ReadAlarms(SqliteCommand command)
    {
        var alarms = new List<Alarm>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            alarms.Add(new Alarm(
                reader.GetInt64(0),
                reader.GetInt32(1),
                reader.GetString(2),
                (LimitState)reader.GetInt32(3),
                reader.GetDouble(4),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                reader.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
                reader.GetString(9)));
        }

        return alarms;
    }
}
