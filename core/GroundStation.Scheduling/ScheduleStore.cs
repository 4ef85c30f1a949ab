using GroundStation.Messaging.Contracts;
using GroundStation.Orbits;
using GroundStation.Scheduling.Planning;
using Microsoft.Data.Sqlite;

namespace GroundStation.Scheduling;

/// <summary>
/// The schedule in SQLite (WAL): contacts (with the element set and radio settings their plans carry), the rejected
/// candidates with their reasons, each station's last published plan version and fingerprint, lost stations and the
/// schedule version. A restarted core reads it all back. Used by one planner at a time.
/// </summary>
internal sealed class ScheduleStore : IDisposable
{
    private const string ContactColumns =
        "pass_id, station, norad, name, aos, tca, los, max_el, aos_az, los_az, setup, teardown";

    private readonly SqliteConnection _connection;

    public ScheduleStore(string databasePath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        _connection.Open();
        Execute($"""
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=NORMAL;
            CREATE TABLE IF NOT EXISTS contacts ({ContactColumns} , priority INTEGER NOT NULL, tle1 TEXT NOT NULL, tle2 TEXT NOT NULL,
                downlink_hz INTEGER NOT NULL, uplink_hz INTEGER, mode TEXT NOT NULL, PRIMARY KEY (pass_id));
            CREATE TABLE IF NOT EXISTS rejection_log (station TEXT PRIMARY KEY, data BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS plans (station TEXT PRIMARY KEY, plan_version INTEGER NOT NULL, fingerprint TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS lost_stations (station TEXT PRIMARY KEY, since INTEGER NOT NULL, reason TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
            """);
    }

    public long LoadVersion()
    {
        using var command = Command("SELECT value FROM meta WHERE key = 'schedule_version'");
        return command.ExecuteScalar() is long version ? version : 0;
    }

    public List<PlannedContact> LoadContacts()
    {
        var result = new List<PlannedContact>();
        using var command = Command($"SELECT {ContactColumns}, priority, tle1, tle2, downlink_hz, uplink_hz, mode FROM contacts");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add(new PlannedContact(ReadContact(reader), reader.GetInt32(12), reader.GetString(13), reader.GetString(14), reader.GetInt64(15),
                reader.IsDBNull(16) ? null : reader.GetInt64(16), reader.GetString(17)));
        }

        return result;
    }

    public Rejections LoadRejections()
    {
        var result = new List<KeyValuePair<StationId, RejectedPass[]>>();
        using var command = Command("SELECT station, data FROM rejection_log");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var station = StationId.Parse(reader.GetString(0));
            result.Add(KeyValuePair.Create(station, RejectionLog.Decode(station, (byte[])reader.GetValue(1))));
        }

        return new Rejections(result);
    }

    public Dictionary<StationId, (long Version, string Fingerprint)> LoadPlans()
    {
        var result = new Dictionary<StationId, (long, string)>();
        using var command = Command("SELECT station, plan_version, fingerprint FROM plans");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result[StationId.Parse(reader.GetString(0))] = (reader.GetInt64(1), reader.GetString(2));
        }

        return result;
    }

    public Dictionary<StationId, (DateTimeOffset Since, string Reason)> LoadLostStations()
    {
        var result = new Dictionary<StationId, (DateTimeOffset, string)>();
        using var command = Command("SELECT station, since, reason FROM lost_stations");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result[StationId.Parse(reader.GetString(0))] = (new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero), reader.GetString(2));
        }

        return result;
    }

    /// <summary>Stores one planning run's outcome atomically: contact changes, the new rejections, the version.</summary>
    public void Save(long version, IEnumerable<PlannedContact> upserts, IEnumerable<PassId> deletions, Rejections rejections)
    {
        using var transaction = _connection.BeginTransaction();
        using (var delete = Command("DELETE FROM contacts WHERE pass_id = $id", transaction, ("$id", string.Empty)))
        {
            foreach (var id in deletions)
            {
                delete.Parameters["$id"].Value = id.Value;
                delete.ExecuteNonQuery();
            }
        }

        using (var insert = Command($"""
            INSERT OR REPLACE INTO contacts ({ContactColumns}, priority, tle1, tle2, downlink_hz, uplink_hz, mode)
            VALUES ($id, $station, $norad, $name, $aos, $tca, $los, $maxel, $aosaz, $losaz, $setup, $teardown, $priority, $tle1, $tle2, $down, $up, $mode)
            """, transaction))
        {
            AddContactParameters(insert);
            insert.Parameters.Add("$priority", SqliteType.Integer);
            insert.Parameters.Add("$tle1", SqliteType.Text);
            insert.Parameters.Add("$tle2", SqliteType.Text);
            insert.Parameters.Add("$down", SqliteType.Integer);
            insert.Parameters.Add("$up", SqliteType.Integer);
            insert.Parameters.Add("$mode", SqliteType.Text);
            foreach (var planned in upserts)
            {
                SetContactParameters(insert, planned.Contact);
                insert.Parameters["$priority"].Value = planned.Priority;
                insert.Parameters["$tle1"].Value = planned.TleLine1;
                insert.Parameters["$tle2"].Value = planned.TleLine2;
                insert.Parameters["$down"].Value = planned.DownlinkHz;
                insert.Parameters["$up"].Value = (object?)planned.UplinkHz ?? DBNull.Value;
                insert.Parameters["$mode"].Value = planned.Mode;
                insert.ExecuteNonQuery();
            }
        }

        using (var clear = Command("DELETE FROM rejection_log", transaction))
        {
            clear.ExecuteNonQuery();
        }

        // Rejections outnumber contacts by far (every station a satellite passes over but is not given), so they are
        // kept as one compressed log per station rather than a row each: storing millions of rows would dominate a run.
        var logs = rejections.ByStation;
        var encoded = new byte[logs.Count][];
        Parallel.For(0, logs.Count, i => encoded[i] = RejectionLog.Encode(logs[i].Value));
        using (var insert = Command("INSERT INTO rejection_log (station, data) VALUES ($station, $data)", transaction))
        {
            insert.Parameters.Add("$station", SqliteType.Text);
            insert.Parameters.Add("$data", SqliteType.Blob);
            for (var i = 0; i < logs.Count; i++)
            {
                insert.Parameters["$station"].Value = logs[i].Key.Value;
                insert.Parameters["$data"].Value = encoded[i];
                insert.ExecuteNonQuery();
            }
        }

        using (var meta = Command("INSERT OR REPLACE INTO meta (key, value) VALUES ('schedule_version', $v)", transaction, ("$v", version)))
        {
            meta.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public void SavePlan(StationId station, long planVersion, string fingerprint)
    {
        using var command = Command("INSERT OR REPLACE INTO plans (station, plan_version, fingerprint) VALUES ($s, $v, $f)",
            null, ("$s", station.Value), ("$v", planVersion), ("$f", fingerprint));
        command.ExecuteNonQuery();
    }

    public void SetLost(StationId station, DateTimeOffset since, string reason)
    {
        using var command = Command("INSERT OR REPLACE INTO lost_stations (station, since, reason) VALUES ($s, $t, $r)",
            null, ("$s", station.Value), ("$t", since.UtcTicks), ("$r", reason));
        command.ExecuteNonQuery();
    }

    public void ClearLost(StationId station)
    {
        using var command = Command("DELETE FROM lost_stations WHERE station = $s", null, ("$s", station.Value));
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();

    private static ScheduledContact ReadContact(SqliteDataReader reader) => new(
        PassId.Parse(reader.GetString(0)), StationId.Parse(reader.GetString(1)), new NoradId(reader.GetInt32(2)), reader.GetString(3),
        Ticks(reader.GetInt64(4)), Ticks(reader.GetInt64(5)), Ticks(reader.GetInt64(6)), reader.GetDouble(7), reader.GetDouble(8),
        reader.GetDouble(9), Ticks(reader.GetInt64(10)), Ticks(reader.GetInt64(11)));

    private static DateTimeOffset Ticks(long ticks) => new(ticks, TimeSpan.Zero);

    private static void AddContactParameters(SqliteCommand command)
    {
        foreach (var name in new[] { "$id", "$station", "$name" })
        {
            command.Parameters.Add(name, SqliteType.Text);
        }

        foreach (var name in new[] { "$norad", "$aos", "$tca", "$los", "$setup", "$teardown" })
        {
            command.Parameters.Add(name, SqliteType.Integer);
        }

        foreach (var name in new[] { "$maxel", "$aosaz", "$losaz" })
        {
            command.Parameters.Add(name, SqliteType.Real);
        }
    }

    private static void SetContactParameters(SqliteCommand command, ScheduledContact c)
    {
        var p = command.Parameters;
        p["$id"].Value = c.PassId.Value;
        p["$station"].Value = c.Station.Value;
        p["$name"].Value = c.SatelliteName;
        p["$norad"].Value = c.Norad.Value;
        p["$aos"].Value = c.Aos.UtcTicks;
        p["$tca"].Value = c.Tca.UtcTicks;
        p["$los"].Value = c.Los.UtcTicks;
        p["$setup"].Value = c.SetupStart.UtcTicks;
        p["$teardown"].Value = c.TeardownEnd.UtcTicks;
        p["$maxel"].Value = c.MaxElevationDeg;
        p["$aosaz"].Value = c.AosAzimuthDeg;
        p["$losaz"].Value = c.LosAzimuthDeg;
    }

    private void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, SqliteTransaction? transaction = null, params (string Name, object Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
