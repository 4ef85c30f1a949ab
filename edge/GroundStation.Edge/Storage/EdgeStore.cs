using System.Globalization;
using GroundStation.Messaging.Contracts;
using Microsoft.Data.Sqlite;

namespace GroundStation.Edge.Storage;

/// <summary>A message waiting in the outbox.</summary>
/// <param name="Id">Its position (ascending = order of writing).</param>
/// <param name="Topic">The MQTT topic.</param>
/// <param name="Payload">The payload.</param>
public sealed record OutboxEntry(long Id, string Topic, byte[] Payload);

/// <summary>The last state of a pass this station reached, so a restart neither repeats nor forgets a pass.</summary>
/// <param name="PassId">The pass.</param>
/// <param name="State">The state.</param>
/// <param name="At">When it was reached.</param>
public sealed record StoredPassState(string PassId, PassState State, DateTimeOffset At);

/// <summary>
/// The agent's own SQLite database (<c>edge.db</c> in the data directory, WAL): the plan in force (as the signed
/// message, re-verified on load), the last state of each pass, and the outbox of pass events and command
/// acknowledgements that must reach the core even across outages and restarts. The telemetry spool and the command
/// store are separate databases owned by their libraries. One connection, serialised, with a 256 KiB page cache: the
/// agent writes a few rows a minute here, so neither contention nor caching matters, and memory does.
/// </summary>
public sealed class EdgeStore : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/>.</summary>
    public EdgeStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            PRAGMA cache_size = -256;
            CREATE TABLE IF NOT EXISTS plan (
                slot INTEGER PRIMARY KEY CHECK (slot = 1),
                version INTEGER NOT NULL,
                message BLOB NOT NULL,
                stored_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS pass_state (
                pass_id TEXT PRIMARY KEY,
                state TEXT NOT NULL,
                at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS outbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                topic TEXT NOT NULL,
                payload BLOB NOT NULL);
            """);
    }

    /// <summary>The stored plan message (the signed envelope as received) and its version, if any.</summary>
    public (long Version, byte[] Message)? LoadPlan()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT version, message FROM plan WHERE slot = 1";
            using var reader = command.ExecuteReader();
            return reader.Read() ? (reader.GetInt64(0), (byte[])reader.GetValue(1)) : null;
        }
    }

    /// <summary>Replaces the stored plan; durable when this returns.</summary>
    public void SavePlan(long version, ReadOnlySpan<byte> message, DateTimeOffset at)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "INSERT OR REPLACE INTO plan (slot, version, message, stored_at) VALUES (1, $v, $m, $at)";
            command.Parameters.AddWithValue("$v", version);
            command.Parameters.AddWithValue("$m", message.ToArray());
            command.Parameters.AddWithValue("$at", at.ToString("O", CultureInfo.InvariantCulture));
            command.ExecuteNonQuery();
        }
    }

    /// <summary>The last recorded state of <paramref name="passId"/>, if any.</summary>
    public StoredPassState? LoadPassState(string passId)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT state, at FROM pass_state WHERE pass_id = $p";
            command.Parameters.AddWithValue("$p", passId);
            using var reader = command.ExecuteReader();
            return reader.Read()
                ? new StoredPassState(passId, Enum.Parse<PassState>(reader.GetString(0)),
                    DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind))
                : null;
        }
    }

    /// <summary>Records a pass transition and queues its event in one transaction, so neither exists without the other.</summary>
    public void RecordPassState(string passId, PassState state, DateTimeOffset at, string topic, byte[] eventPayload)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using (var command = _connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = "INSERT OR REPLACE INTO pass_state (pass_id, state, at) VALUES ($p, $s, $at)";
                command.Parameters.AddWithValue("$p", passId);
                command.Parameters.AddWithValue("$s", state.ToString());
                command.Parameters.AddWithValue("$at", at.ToString("O", CultureInfo.InvariantCulture));
                command.ExecuteNonQuery();
            }

            InsertOutbox(transaction, topic, eventPayload);
            transaction.Commit();
        }
    }

    /// <summary>Queues a message for the broker; durable when this returns.</summary>
    public void Enqueue(string topic, byte[] payload)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            InsertOutbox(transaction, topic, payload);
            transaction.Commit();
        }
    }

    /// <summary>The oldest <paramref name="limit"/> outbox messages.</summary>
    public IReadOnlyList<OutboxEntry> PeekOutbox(int limit)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT id, topic, payload FROM outbox ORDER BY id LIMIT $n";
            command.Parameters.AddWithValue("$n", limit);
            using var reader = command.ExecuteReader();
            var entries = new List<OutboxEntry>();
            while (reader.Read())
            {
                entries.Add(new OutboxEntry(reader.GetInt64(0), reader.GetString(1), (byte[])reader.GetValue(2)));
            }

            return entries;
        }
    }

    /// <summary>Removes an outbox message once the broker acknowledged it.</summary>
    public void RemoveFromOutbox(long id)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM outbox WHERE id = $id";
            command.Parameters.AddWithValue("$id", id);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Messages waiting in the outbox.</summary>
    public long OutboxDepth()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM outbox";
            return (long)command.ExecuteScalar()!;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    private void InsertOutbox(SqliteTransaction transaction, string topic, byte[] payload)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO outbox (topic, payload) VALUES ($t, $p)";
        command.Parameters.AddWithValue("$t", topic);
        command.Parameters.AddWithValue("$p", payload);
        command.ExecuteNonQuery();
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
