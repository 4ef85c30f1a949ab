using GroundStation.Orbits;
using GroundStation.Storage;
using Microsoft.Data.Sqlite;

namespace GroundStation.Commanding.Storage;

/// <summary>
/// The SQLite store of commands, their full history, the per-satellite on-board id counters and queue holds (WAL,
/// schema created on open). Each state change and its history entry are written in one transaction, so a restart
/// recovers exactly the queue that was.
/// </summary>
public sealed class CommandStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS commands (
            command_id TEXT PRIMARY KEY,
            norad INTEGER NOT NULL,
            tenant TEXT NOT NULL,
            name TEXT NOT NULL,
            opcode INTEGER NOT NULL,
            argument BLOB NOT NULL,
            critical INTEGER NOT NULL,
            onboard_id INTEGER NOT NULL,
            sent_by TEXT NOT NULL,
            sender_key_id TEXT NOT NULL,
            approved_by TEXT,
            received_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            state TEXT NOT NULL,
            pass_id TEXT,
            station TEXT,
            window_aos INTEGER,
            window_los INTEGER,
            released_at INTEGER,
            sent_at INTEGER,
            reason TEXT,
            envelope BLOB);
        CREATE INDEX IF NOT EXISTS commands_state ON commands(state);
        CREATE TABLE IF NOT EXISTS command_events (
            seq INTEGER PRIMARY KEY,
            command_id TEXT NOT NULL,
            state TEXT NOT NULL,
            at INTEGER NOT NULL,
            by TEXT NOT NULL,
            detail TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS command_events_command ON command_events(command_id, seq);
        CREATE TABLE IF NOT EXISTS onboard_ids (norad INTEGER PRIMARY KEY, last INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS queue_holds (norad INTEGER PRIMARY KEY);
        """;

    private const string Columns = "command_id, norad, tenant, name, opcode, argument, critical, onboard_id, sent_by, sender_key_id, approved_by, " +
                                   "received_at, expires_at, state, pass_id, station, window_aos, window_los, released_at, sent_at, reason, envelope";

    private readonly SqliteDatabase _database;

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/>.</summary>
    public CommandStore(string path) => _database = SqliteDatabase.Pooled(path, Schema);

    /// <summary>Allocates the next on-board id of <paramref name="norad"/> (1..65535, wrapping, never 0), persisted.</summary>
    public ushort NextOnboardId(NoradId norad)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO onboard_ids (norad, last) VALUES ($norad, 1)
            ON CONFLICT(norad) DO UPDATE SET last = (last % 65535) + 1
            RETURNING last
            """;
        command.Parameters.AddWithValue("$norad", norad.Value);
        return (ushort)(long)command.ExecuteScalar()!;
    }

    /// <summary>Inserts a new command with its first history entries, in one transaction.</summary>
    public void Insert(CommandRecord record, IReadOnlyList<CommandEvent> events)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO commands ({Columns}) VALUES ($id, $norad, $tenant, $name, $opcode, $argument, $critical, $onboard, " +
                                  "$sentBy, $keyId, $approvedBy, $received, $expires, $state, $pass, $station, $aos, $los, $released, $sent, $reason, $envelope)";
            Bind(command, record);
            command.ExecuteNonQuery();
        }

        AppendEvents(connection, transaction, record.CommandId, events);
        transaction.Commit();
    }

    /// <summary>Writes the command's new state and its history entries, in one transaction.</summary>
    public void Update(CommandRecord record, IReadOnlyList<CommandEvent> events)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "UPDATE commands SET approved_by = $approvedBy, state = $state, pass_id = $pass, station = $station, " +
                                  "window_aos = $aos, window_los = $los, released_at = $released, sent_at = $sent, reason = $reason, envelope = $envelope " +
                                  "WHERE command_id = $id";
            Bind(command, record);
            command.ExecuteNonQuery();
        }

        AppendEvents(connection, transaction, record.CommandId, events);
        transaction.Commit();
    }

    /// <summary>The command, or null.</summary>
    public CommandRecord? Find(string commandId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM commands WHERE command_id = $id";
        command.Parameters.AddWithValue("$id", commandId);
        return Read(command).FirstOrDefault();
    }

    /// <summary>Every command not in a final state (the queue to recover after a restart).</summary>
    public IReadOnlyList<CommandRecord> Open(IEnumerable<CommandState> states)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM commands WHERE state IN ({string.Join(", ", states.Select(s => $"'{s}'"))}) ORDER BY received_at, command_id";
        return Read(command);
    }

    /// <summary>Commands newest first, filtered by satellite, state and tenant.</summary>
    public IReadOnlyList<CommandRecord> List(string tenant, NoradId? norad, CommandState? state, int limit)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        var sql = $"SELECT {Columns} FROM commands WHERE tenant = $tenant";
        command.Parameters.AddWithValue("$tenant", tenant);
        if (norad is { } n)
        {
            sql += " AND norad = $norad";
            command.Parameters.AddWithValue("$norad", n.Value);
        }

        if (state is { } s)
        {
            sql += " AND state = $state";
            command.Parameters.AddWithValue("$state", s.ToString());
        }

        command.CommandText = sql + " ORDER BY received_at DESC, rowid DESC LIMIT $limit";
        command.Parameters.AddWithValue("$limit", limit);
        return Read(command);
    }

    /// <summary>The command's history, oldest first.</summary>
    public IReadOnlyList<CommandEvent> History(string commandId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT state, at, by, detail FROM command_events WHERE command_id = $id ORDER BY seq";
        command.Parameters.AddWithValue("$id", commandId);
        var events = new List<CommandEvent>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            events.Add(new CommandEvent(Enum.Parse<CommandState>(reader.GetString(0)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                reader.GetString(2), reader.GetString(3)));
        }

        return events;
    }

    /// <summary>Holds or releases a satellite's queue.</summary>
    public void SetHeld(NoradId norad, bool held)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = held ? "INSERT OR IGNORE INTO queue_holds (norad) VALUES ($norad)" : "DELETE FROM queue_holds WHERE norad = $norad";
        command.Parameters.AddWithValue("$norad", norad.Value);
        command.ExecuteNonQuery();
    }

    /// <summary>The satellites whose queues are held.</summary>
    public IReadOnlySet<int> HeldQueues()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT norad FROM queue_holds";
        var held = new HashSet<int>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            held.Add(reader.GetInt32(0));
        }

        return held;
    }

    private SqliteConnection Open() => _database.Open();

    private static void AppendEvents(SqliteConnection connection, SqliteTransaction transaction, string commandId, IReadOnlyList<CommandEvent> events)
    {
        foreach (var entry in events)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO command_events (command_id, state, at, by, detail) VALUES ($id, $state, $at, $by, $detail)";
            command.Parameters.AddWithValue("$id", commandId);
            command.Parameters.AddWithValue("$state", entry.State.ToString());
            command.Parameters.AddWithValue("$at", entry.At.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$by", entry.By);
            command.Parameters.AddWithValue("$detail", entry.Detail);
            command.ExecuteNonQuery();
        }
    }

    private static void Bind(SqliteCommand command, CommandRecord r)
    {
        static object Db(object? value) => value ?? DBNull.Value;
        static object Ms(DateTimeOffset? value) => value is { } v ? v.ToUnixTimeMilliseconds() : DBNull.Value;
        var p = command.Parameters;
        p.AddWithValue("$id", r.CommandId);
        p.AddWithValue("$norad", r.Norad.Value);
        p.AddWithValue("$tenant", r.Tenant);
        p.AddWithValue("$name", r.Name);
        p.AddWithValue("$opcode", (int)r.Opcode);
        p.AddWithValue("$argument", r.Argument);
        p.AddWithValue("$critical", r.Critical ? 1 : 0);
        p.AddWithValue("$onboard", (int)r.OnboardId);
        p.AddWithValue("$sentBy", r.SentBy);
        p.AddWithValue("$keyId", r.SenderKeyId);
        p.AddWithValue("$approvedBy", Db(r.ApprovedBy));
        p.AddWithValue("$received", r.ReceivedAt.ToUnixTimeMilliseconds());
        p.AddWithValue("$expires", r.ExpiresAt.ToUnixTimeMilliseconds());
        p.AddWithValue("$state", r.State.ToString());
        p.AddWithValue("$pass", Db(r.PassId));
        p.AddWithValue("$station", Db(r.Station));
        p.AddWithValue("$aos", Ms(r.WindowAos));
        p.AddWithValue("$los", Ms(r.WindowLos));
        p.AddWithValue("$released", Ms(r.ReleasedAt));
        p.AddWithValue("$sent", Ms(r.SentAt));
        p.AddWithValue("$reason", Db(r.Reason));
        p.AddWithValue("$envelope", Db(r.Envelope));
    }

    private static List<CommandRecord> Read(SqliteCommand command)
    {
        static DateTimeOffset? Ms(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(i));
        var records = new List<CommandRecord>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            records.Add(new CommandRecord(
                reader.GetString(0), new NoradId(reader.GetInt32(1)), reader.GetString(2), reader.GetString(3), (byte)reader.GetInt32(4),
                (byte[])reader.GetValue(5), reader.GetInt32(6) != 0, (ushort)reader.GetInt32(7), reader.GetString(8), reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetString(10), Ms(reader, 11)!.Value, Ms(reader, 12)!.Value,
                Enum.Parse<CommandState>(reader.GetString(13)), reader.IsDBNull(14) ? null : reader.GetString(14),
                reader.IsDBNull(15) ? null : reader.GetString(15), Ms(reader, 16), Ms(reader, 17), Ms(reader, 18), Ms(reader, 19),
                reader.IsDBNull(20) ? null : reader.GetString(20), reader.IsDBNull(21) ? null : (byte[])reader.GetValue(21)));
        }

        return records;
    }
}
