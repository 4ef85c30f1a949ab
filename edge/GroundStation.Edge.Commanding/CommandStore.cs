using GroundStation.Messaging.Contracts;
using Microsoft.Data.Sqlite;

namespace GroundStation.Edge.Commanding;

/// <summary>How storing an accepted command went.</summary>
internal enum AcceptOutcome
{
    /// <summary>Stored and queued.</summary>
    Accepted,

    /// <summary>The same command (id) is already held: a duplicate delivery or a replay of it.</summary>
    ReplayedSameCommand,

    /// <summary>Another command already used this nonce.</summary>
    ReplayedNonce,
}

/// <summary>An ack waiting in the outbox.</summary>
internal sealed record PendingAck(long Sequence, CommandAck Ack);

/// <summary>
/// The gate's SQLite state (WAL, synchronous=FULL): accepted commands with their stage, the nonces seen (kept until the
/// command's expiry plus the clock skew, so a restart cannot open a replay window), and the outbox of acks not yet
/// acknowledged by the broker. Every stage change and its ack are written in one transaction. Thread-safe by one lock.
/// </summary>
internal sealed class CommandStore : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly StationId _station;
    private readonly Lock _gate = new();

    private CommandStore(SqliteConnection connection, StationId station)
    {
        _connection = connection;
        _station = station;
    }

    public static CommandStore Open(string path, StationId station, long? maxPages = null)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            using var schema = connection.CreateCommand();
            // FULL: a command marked Released must be on disk before the TNC gets it, or a power cut could let it go twice.
            schema.CommandText = """
                PRAGMA journal_mode=WAL;
                PRAGMA synchronous=FULL;
                CREATE TABLE IF NOT EXISTS commands(
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    command_id TEXT NOT NULL UNIQUE,
                    pass_id TEXT NOT NULL,
                    stage TEXT NOT NULL,
                    reason TEXT,
                    received_at_ticks INTEGER NOT NULL,
                    updated_at_ticks INTEGER NOT NULL,
                    expires_at_ticks INTEGER NOT NULL,
                    telecommand BLOB NOT NULL);
                CREATE INDEX IF NOT EXISTS commands_stage ON commands(stage, seq);
                CREATE TABLE IF NOT EXISTS nonces(
                    nonce TEXT PRIMARY KEY,
                    command_id TEXT NOT NULL,
                    keep_until_ticks INTEGER NOT NULL) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS ack_outbox(
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    command_id TEXT NOT NULL,
                    stage TEXT NOT NULL,
                    at_ticks INTEGER NOT NULL,
                    reason TEXT);
                """;
            schema.ExecuteNonQuery();
            if (maxPages is { } pages)
            {
                schema.CommandText = $"PRAGMA max_page_count={pages};";
                schema.ExecuteNonQuery();
            }

            return new CommandStore(connection, station);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Stores a verified command, its nonce and its Queued ack, unless its nonce or id was seen before.</summary>
    public AcceptOutcome TryAccept(Telecommand command, DateTimeOffset now, DateTimeOffset keepNonceUntil)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using (var purge = Command(transaction, "DELETE FROM nonces WHERE keep_until_ticks < $now"))
            {
                purge.Parameters.AddWithValue("$now", now.UtcTicks);
                purge.ExecuteNonQuery();
            }

            using (var known = Command(transaction, "SELECT 1 FROM commands WHERE command_id = $id"))
            {
                known.Parameters.AddWithValue("$id", command.CommandId);
                if (known.ExecuteScalar() is not null)
                {
                    return AcceptOutcome.ReplayedSameCommand;
                }
            }

            using (var nonce = Command(transaction, """
                       INSERT INTO nonces(nonce, command_id, keep_until_ticks) VALUES ($nonce, $id, $until)
                       ON CONFLICT(nonce) DO NOTHING
                       """))
            {
                nonce.Parameters.AddWithValue("$nonce", command.Nonce);
                nonce.Parameters.AddWithValue("$id", command.CommandId);
                nonce.Parameters.AddWithValue("$until", keepNonceUntil.UtcTicks);
                if (nonce.ExecuteNonQuery() == 0)
                {
                    return AcceptOutcome.ReplayedNonce;
                }
            }

            using (var insert = Command(transaction, """
                       INSERT INTO commands(command_id, pass_id, stage, reason, received_at_ticks, updated_at_ticks, expires_at_ticks, telecommand)
                       VALUES ($id, $pass, $stage, NULL, $now, $now, $expires, $telecommand)
                       """))
            {
                insert.Parameters.AddWithValue("$id", command.CommandId);
                insert.Parameters.AddWithValue("$pass", command.PassId);
                insert.Parameters.AddWithValue("$stage", nameof(CommandStage.Queued));
                insert.Parameters.AddWithValue("$now", now.UtcTicks);
                insert.Parameters.AddWithValue("$expires", command.ExpiresAt.UtcTicks);
                insert.Parameters.AddWithValue("$telecommand", GroundStationMessages.Encode(command));
                insert.ExecuteNonQuery();
            }

            AddAck(transaction, command.CommandId, CommandStage.Queued, now, null);
            transaction.Commit();
            return AcceptOutcome.Accepted;
        }
    }

    /// <summary>Queues an ack for a command the gate did not store (a refusal).</summary>
    public void AddAck(string commandId, CommandStage stage, DateTimeOffset at, string? reason)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            AddAck(transaction, commandId, stage, at, reason);
            transaction.Commit();
        }
    }

    /// <summary>Moves a command from <paramref name="from"/> to <paramref name="to"/> and queues the ack, atomically; false when it was not in <paramref name="from"/>.</summary>
    public bool Transition(string commandId, CommandStage from, CommandStage to, DateTimeOffset at, string? reason)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using var update = Command(transaction, """
                UPDATE commands SET stage = $to, reason = $reason, updated_at_ticks = $at
                WHERE command_id = $id AND stage = $from
                """);
            update.Parameters.AddWithValue("$to", to.ToString());
            update.Parameters.AddWithValue("$reason", (object?)reason ?? DBNull.Value);
            update.Parameters.AddWithValue("$at", at.UtcTicks);
            update.Parameters.AddWithValue("$id", commandId);
            update.Parameters.AddWithValue("$from", from.ToString());
            if (update.ExecuteNonQuery() == 0)
            {
                return false;
            }

            AddAck(transaction, commandId, to, at, reason);
            transaction.Commit();
            return true;
        }
    }

    /// <summary>Commands in <paramref name="stage"/>, in arrival order.</summary>
    public IReadOnlyList<GatedCommand> InStage(CommandStage stage) =>
        Query("WHERE stage = $stage ORDER BY seq", c => c.Parameters.AddWithValue("$stage", stage.ToString()));

    /// <summary>Every command held (optionally of one pass), in arrival order.</summary>
    public IReadOnlyList<GatedCommand> List(PassId? passId) =>
        passId is { } pass
            ? Query("WHERE pass_id = $pass ORDER BY seq", c => c.Parameters.AddWithValue("$pass", pass.Value))
            : Query("ORDER BY seq", _ => { });

    /// <summary>One command, or null.</summary>
    public GatedCommand? Find(string commandId) =>
        Query("WHERE command_id = $id", c => c.Parameters.AddWithValue("$id", commandId)).SingleOrDefault();

    /// <summary>The oldest ack not yet published.</summary>
    public PendingAck? NextAck()
    {
        lock (_gate)
        {
            using var select = Command(null, "SELECT seq, command_id, stage, at_ticks, reason FROM ack_outbox ORDER BY seq LIMIT 1");
            using var reader = select.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            return new PendingAck(reader.GetInt64(0), new CommandAck(CommandAck.CurrentVersion, reader.GetString(1), _station,
                Enum.Parse<CommandStage>(reader.GetString(2)), new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero),
                reader.IsDBNull(4) ? null : reader.GetString(4)));
        }
    }

    /// <summary>Acks waiting to be published.</summary>
    public long PendingAckCount()
    {
        lock (_gate)
        {
            using var count = Command(null, "SELECT count(*) FROM ack_outbox");
            return (long)count.ExecuteScalar()!;
        }
    }

    /// <summary>Removes a published ack.</summary>
    public void DeleteAck(long sequence)
    {
        lock (_gate)
        {
            using var delete = Command(null, "DELETE FROM ack_outbox WHERE seq = $seq");
            delete.Parameters.AddWithValue("$seq", sequence);
            delete.ExecuteNonQuery();
        }
    }

    /// <summary>Deletes sent and failed commands last changed before <paramref name="before"/>.</summary>
    public int PurgeFinished(DateTimeOffset before)
    {
        lock (_gate)
        {
            using var delete = Command(null, "DELETE FROM commands WHERE stage IN ('Sent', 'Failed') AND updated_at_ticks < $before");
            delete.Parameters.AddWithValue("$before", before.UtcTicks);
            return delete.ExecuteNonQuery();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    private void AddAck(SqliteTransaction transaction, string commandId, CommandStage stage, DateTimeOffset at, string? reason)
    {
        using var insert = Command(transaction, "INSERT INTO ack_outbox(command_id, stage, at_ticks, reason) VALUES ($id, $stage, $at, $reason)");
        insert.Parameters.AddWithValue("$id", commandId);
        insert.Parameters.AddWithValue("$stage", stage.ToString());
        insert.Parameters.AddWithValue("$at", at.UtcTicks);
        insert.Parameters.AddWithValue("$reason", (object?)reason ?? DBNull.Value);
        insert.ExecuteNonQuery();
    }

    private List<GatedCommand> Query(string where, Action<SqliteCommand> bind)
    {
        lock (_gate)
        {
            using var select = Command(null,
                $"SELECT telecommand, pass_id, stage, reason, received_at_ticks, updated_at_ticks FROM commands {where}");
            bind(select);
            using var reader = select.ExecuteReader();
            var commands = new List<GatedCommand>();
            while (reader.Read())
            {
                commands.Add(new GatedCommand(
                    GroundStationMessages.Decode<Telecommand>((byte[])reader.GetValue(0)),
                    PassId.Parse(reader.GetString(1)),
                    Enum.Parse<CommandStage>(reader.GetString(2)),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero),
                    new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero)));
            }

            return commands;
        }
    }

    private SqliteCommand Command(SqliteTransaction? transaction, string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
