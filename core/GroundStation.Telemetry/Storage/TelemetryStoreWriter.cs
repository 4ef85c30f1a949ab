using System.Runtime.InteropServices;
using GroundStation.Telemetry.Limits;
using Microsoft.Data.Sqlite;

namespace GroundStation.Telemetry.Storage;

/// <summary>
/// The ingest's one writing connection, with its statements prepared once: frames and alarm changes of a batch go into
/// one transaction, which is what lets SQLite take tens of thousands of frames a second.
/// </summary>
internal sealed class TelemetryStoreWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertFrame;
    private readonly SqliteCommand _insertAlarm;
    private readonly SqliteCommand _updateAlarm;
    private SqliteTransaction? _transaction;

    public TelemetryStoreWriter(SqliteConnection connection)
    {
        _connection = connection;
        _insertFrame = connection.CreateCommand();
        _insertFrame.CommandText =
            "INSERT OR IGNORE INTO frames (frame_id, station, pass_id, norad, received_at, stored_at, data, decoder, sampled_at, vals, limits, error) " +
            "VALUES ($id, $station, $pass, $norad, $received, $stored, $data, $decoder, $sampled, $vals, $limits, $error)";
        foreach (var name in new[] { "$id", "$station", "$pass", "$norad", "$received", "$stored", "$data", "$decoder", "$sampled", "$vals", "$limits", "$error" })
        {
            _insertFrame.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        _insertAlarm = connection.CreateCommand();
        _insertAlarm.CommandText = "INSERT INTO alarms (norad, parameter, severity, value, raised_at, frame_id) VALUES ($norad, $parameter, $severity, $value, $raised, $frame) RETURNING alarm_id";
        foreach (var name in new[] { "$norad", "$parameter", "$severity", "$value", "$raised", "$frame" })
        {
            _insertAlarm.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        _updateAlarm = connection.CreateCommand();
        _updateAlarm.CommandText = "UPDATE alarms SET severity = $severity, value = $value, cleared_at = $cleared WHERE alarm_id = $id";
        foreach (var name in new[] { "$severity", "$value", "$cleared", "$id" })
        {
            _updateAlarm.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
    }

    public void Begin()
    {
        _transaction = _connection.BeginTransaction();
        _insertFrame.Transaction = _transaction;
        _insertAlarm.Transaction = _transaction;
        _updateAlarm.Transaction = _transaction;
    }

    public void Commit()
    {
        _transaction!.Commit();
        _transaction.Dispose();
        _transaction = null;
    }

    public void Rollback()
    {
        if (_transaction is not null)
        {
            _transaction.Rollback();
            _transaction.Dispose();
            _transaction = null;
        }
    }

    /// <summary>Inserts the frame; false when its id is already stored (a duplicate, nothing written).</summary>
    public bool TryInsert(StoredFrame frame)
    {
        var p = _insertFrame.Parameters;
        p[0].Value = frame.FrameId;
        p[1].Value = frame.Station.Value;
        p[2].Value = frame.PassId;
        p[3].Value = frame.Norad is { } norad ? norad : DBNull.Value;
        p[4].Value = frame.ReceivedAt.ToUnixTimeMilliseconds();
        p[5].Value = frame.StoredAt.ToUnixTimeMilliseconds();
        p[6].Value = frame.Data;
        p[7].Value = (object?)frame.Decoder ?? DBNull.Value;
        p[8].Value = frame.SampledAt is { } sampled ? sampled.ToUnixTimeMilliseconds() : DBNull.Value;
        p[9].Value = frame.Values is { } values ? MemoryMarshal.AsBytes(values.AsSpan()).ToArray() : DBNull.Value;
        p[10].Value = frame.Limits is { } limits ? Array.ConvertAll(limits, l => (byte)l) : DBNull.Value;
        p[11].Value = (object?)frame.Error ?? DBNull.Value;
        return _insertFrame.ExecuteNonQuery() == 1;
    }

    /// <summary>Inserts a newly raised alarm and returns its id.</summary>
    public long InsertAlarm(Alarm alarm)
    {
        var p = _insertAlarm.Parameters;
        p[0].Value = alarm.Norad;
        p[1].Value = alarm.Parameter;
        p[2].Value = (int)alarm.Severity;
        p[3].Value = alarm.Value;
        p[4].Value = alarm.RaisedAt.ToUnixTimeMilliseconds();
        p[5].Value = alarm.FrameId;
        return (long)_insertAlarm.ExecuteScalar()!;
    }

    /// <summary>Records an escalation or a clearing.</summary>
    public void UpdateAlarm(Alarm alarm)
    {
        var p = _updateAlarm.Parameters;
        p[0].Value = (int)alarm.Severity;
        p[1].Value = alarm.Value;
        p[2].Value = alarm.ClearedAt is { } cleared ? cleared.ToUnixTimeMilliseconds() : DBNull.Value;
        p[3].Value = alarm.AlarmId;
        _updateAlarm.ExecuteNonQuery();
    }

    public void Dispose()
    {
        Rollback();
        _insertFrame.Dispose();
        _insertAlarm.Dispose();
        _updateAlarm.Dispose();
        _connection.Dispose();
    }
}
