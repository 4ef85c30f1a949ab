using System.Threading.Channels;
using GroundStation.Messaging.Protocol;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace GroundStation.Messaging.Broker.Persistence;

/// <summary>
/// Persistent sessions and retained messages in one SQLite database (WAL, synchronous=FULL). Changes are queued and
/// applied by a single writer in group commits: one transaction per batch of whatever accumulated while the previous
/// commit ran, so durability costs one fsync per batch rather than one per message. Barrier callbacks of a batch run
/// after its commit, which is when the broker may acknowledge what the batch holds.
/// </summary>
internal sealed partial class SqliteBrokerStore : IBrokerStore
{
    /// <summary>The database file inside the data directory.</summary>
    public const string FileName = "broker.db";

    private const int MaxBatch = 4096;

    private readonly SqliteConnection _connection;
    private readonly Channel<Operation> _operations =
        Channel.CreateUnbounded<Operation>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ILogger _logger;
    private readonly BrokerMetrics _metrics;
    private readonly Dictionary<OperationKind, SqliteCommand> _commands = [];
    private readonly List<Action<bool>> _barriers = [];
    private Task? _writer;

    /// <summary>Opens (creating when missing) the store in <paramref name="directory"/>.</summary>
    public SqliteBrokerStore(string directory, BrokerMetrics metrics, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _metrics = metrics;
        _logger = logger;
        Directory.CreateDirectory(directory);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, FileName),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        };
        _connection = new SqliteConnection(builder.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=FULL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS sessions (client_id TEXT PRIMARY KEY) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS subscriptions (
                client_id TEXT NOT NULL, filter TEXT NOT NULL, qos INTEGER NOT NULL,
                PRIMARY KEY (client_id, filter)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS queued (
                client_id TEXT NOT NULL, seq INTEGER NOT NULL, topic TEXT NOT NULL, payload BLOB NOT NULL,
                qos INTEGER NOT NULL, retain INTEGER NOT NULL, released_packet_id INTEGER,
                PRIMARY KEY (client_id, seq));
            CREATE TABLE IF NOT EXISTS inbound_qos2 (
                client_id TEXT NOT NULL, packet_id INTEGER NOT NULL,
                PRIMARY KEY (client_id, packet_id)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS retained (
                topic TEXT PRIMARY KEY, payload BLOB NOT NULL, qos INTEGER NOT NULL) WITHOUT ROWID;
            """);
        Prepare(OperationKind.SaveSession, "INSERT OR IGNORE INTO sessions (client_id) VALUES ($a)");
        Prepare(OperationKind.DeleteSession, """
            DELETE FROM sessions WHERE client_id = $a;
            DELETE FROM subscriptions WHERE client_id = $a;
            DELETE FROM queued WHERE client_id = $a;
            DELETE FROM inbound_qos2 WHERE client_id = $a;
            """);
        Prepare(OperationKind.SaveSubscription,
            "INSERT OR REPLACE INTO subscriptions (client_id, filter, qos) VALUES ($a, $b, $n)");
        Prepare(OperationKind.DeleteSubscription, "DELETE FROM subscriptions WHERE client_id = $a AND filter = $b");
        Prepare(OperationKind.SaveQueued, """
            INSERT OR REPLACE INTO queued (client_id, seq, topic, payload, qos, retain, released_packet_id)
            VALUES ($a, $s, $b, $p, $n, $r, NULL)
            """);
        Prepare(OperationKind.MarkReleased, "UPDATE queued SET released_packet_id = $n WHERE client_id = $a AND seq = $s");
        Prepare(OperationKind.DeleteQueued, "DELETE FROM queued WHERE client_id = $a AND seq = $s");
        Prepare(OperationKind.SaveInboundQos2, "INSERT OR IGNORE INTO inbound_qos2 (client_id, packet_id) VALUES ($a, $n)");
        Prepare(OperationKind.DeleteInboundQos2, "DELETE FROM inbound_qos2 WHERE client_id = $a AND packet_id = $n");
        Prepare(OperationKind.SaveRetained, "INSERT OR REPLACE INTO retained (topic, payload, qos) VALUES ($b, $p, $n)");
        Prepare(OperationKind.DeleteRetained, "DELETE FROM retained WHERE topic = $b");
    }

    private enum OperationKind : byte
    {
        Barrier,
        SaveSession,
        DeleteSession,
        SaveSubscription,
        DeleteSubscription,
        SaveQueued,
        MarkReleased,
        DeleteQueued,
        SaveInboundQos2,
        DeleteInboundQos2,
        SaveRetained,
        DeleteRetained,
    }

    /// <inheritdoc />
    public BrokerStoreContents Load()
    {
        if (_writer is not null)
        {
            throw new InvalidOperationException("The broker store is loaded once, before any change is submitted.");
        }

        var sessions = new Dictionary<string, (List<StoredSubscription> Subs, List<StoredDelivery> Queued, List<ushort> Inbound)>(
            StringComparer.Ordinal);
        using (var command = Command("SELECT client_id FROM sessions"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                sessions[reader.GetString(0)] = ([], [], []);
            }
        }

        using (var command = Command("SELECT client_id, filter, qos FROM subscriptions"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                if (sessions.TryGetValue(reader.GetString(0), out var session))
                {
                    session.Subs.Add(new StoredSubscription(ParseFilter(reader.GetString(1)), ReadQos(reader, 2)));
                }
            }
        }

        using (var command = Command(
                   "SELECT client_id, seq, topic, payload, qos, retain, released_packet_id FROM queued ORDER BY client_id, seq"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                if (sessions.TryGetValue(reader.GetString(0), out var session))
                {
                    var qos = ReadQos(reader, 4);
                    var message = new BrokerMessage(ParseTopic(reader.GetString(2)), (byte[])reader.GetValue(3), qos,
                        reader.GetInt64(5) != 0);
                    ushort? released = reader.IsDBNull(6) ? null : (ushort)reader.GetInt32(6);
                    session.Queued.Add(new StoredDelivery(reader.GetInt64(1), message, qos, released));
                }
            }
        }

        using (var command = Command("SELECT client_id, packet_id FROM inbound_qos2"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                if (sessions.TryGetValue(reader.GetString(0), out var session))
                {
                    session.Inbound.Add((ushort)reader.GetInt32(1));
                }
            }
        }

        var retained = new List<BrokerMessage>();
        using (var command = Command("SELECT topic, payload, qos FROM retained"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                retained.Add(new BrokerMessage(ParseTopic(reader.GetString(0)), (byte[])reader.GetValue(1),
                    ReadQos(reader, 2), Retain: true));
            }
        }

        _writer = Task.Run(WriteLoopAsync);
        var stored = sessions
            .Select(pair => new StoredSession(pair.Key, pair.Value.Subs, pair.Value.Queued, pair.Value.Inbound))
            .ToList();
        return new BrokerStoreContents(stored, retained);
    }

    /// <inheritdoc />
    public void WhenDurable(Action<bool> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        Submit(new Operation(OperationKind.Barrier, Callback: callback));
    }

    /// <inheritdoc />
    public void SaveSession(string clientId) => Submit(new Operation(OperationKind.SaveSession, clientId));

    /// <inheritdoc />
    public void DeleteSession(string clientId) => Submit(new Operation(OperationKind.DeleteSession, clientId));

    /// <inheritdoc />
    public void SaveSubscription(string clientId, TopicFilter filter, MqttQualityOfService qos) =>
        Submit(new Operation(OperationKind.SaveSubscription, clientId, filter.Value, Number: (int)qos));

    /// <inheritdoc />
    public void DeleteSubscription(string clientId, TopicFilter filter) =>
        Submit(new Operation(OperationKind.DeleteSubscription, clientId, filter.Value));

    /// <inheritdoc />
    public void SaveQueued(string clientId, long sequence, BrokerMessage message, MqttQualityOfService qos) =>
        Submit(new Operation(OperationKind.SaveQueued, clientId, message.Topic.Value, sequence, (int)qos, message));

    /// <inheritdoc />
    public void MarkReleased(string clientId, long sequence, ushort packetId) =>
        Submit(new Operation(OperationKind.MarkReleased, clientId, Sequence: sequence, Number: packetId));

    /// <inheritdoc />
    public void DeleteQueued(string clientId, long sequence) =>
        Submit(new Operation(OperationKind.DeleteQueued, clientId, Sequence: sequence));

    /// <inheritdoc />
    public void SaveInboundQos2(string clientId, ushort packetId) =>
        Submit(new Operation(OperationKind.SaveInboundQos2, clientId, Number: packetId));

    /// <inheritdoc />
    public void DeleteInboundQos2(string clientId, ushort packetId) =>
        Submit(new Operation(OperationKind.DeleteInboundQos2, clientId, Number: packetId));

    /// <inheritdoc />
    public void SaveRetained(BrokerMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Submit(new Operation(OperationKind.SaveRetained, Text: message.Topic.Value, Number: (int)message.Qos,
            Message: message));
    }

    /// <inheritdoc />
    public void DeleteRetained(TopicName topic) => Submit(new Operation(OperationKind.DeleteRetained, Text: topic.Value));

    /// <summary>Writes what is queued, then closes the database.</summary>
    public async ValueTask DisposeAsync()
    {
        _operations.Writer.TryComplete();
        if (_writer is not null)
        {
            await _writer;
        }

        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync();
        }

        await _connection.DisposeAsync();
    }

    private void Submit(Operation operation)
    {
        if (!_operations.Writer.TryWrite(operation))
        {
            throw new ObjectDisposedException(nameof(SqliteBrokerStore), "The broker store is closed.");
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _operations.Reader;
        while (await reader.WaitToReadAsync())
        {
            var ok = true;
            try
            {
                using var transaction = _connection.BeginTransaction();
                var count = 0;
                while (count < MaxBatch && reader.TryRead(out var operation))
                {
                    count++;
                    if (operation.Kind == OperationKind.Barrier)
                    {
                        _barriers.Add(operation.Callback!);
                    }
                    else
                    {
                        Apply(operation, transaction);
                    }
                }

                transaction.Commit();
            }
#pragma warning disable CA1031 // Whatever failed the commit, the writer must live on and withhold the batch's acknowledgements.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                // The batch is lost: its acknowledgements are withheld (callbacks get false), so publishers resend.
                ok = false;
                _metrics.StoreFailure();
                LogCommitFailed(exception);
            }

            foreach (var barrier in _barriers)
            {
                try
                {
                    barrier(ok);
                }
#pragma warning disable CA1031 // A faulty callback must not stop the store's writer; it is logged and counted.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    _metrics.InternalError();
                    LogBarrierFailed(exception);
                }
            }

            _barriers.Clear();
        }
    }

    private void Apply(Operation operation, SqliteTransaction transaction)
    {
        var command = _commands[operation.Kind];
        command.Transaction = transaction;
        var parameters = command.Parameters;
        Set(parameters, "$a", operation.Key);
        Set(parameters, "$b", operation.Text);
        Set(parameters, "$s", operation.Sequence);
        Set(parameters, "$n", operation.Number);
        Set(parameters, "$p", operation.Message?.Payload.ToArray());
        Set(parameters, "$r", operation.Message is { Retain: true } ? 1 : 0);
        command.ExecuteNonQuery();
    }

    private static void Set(SqliteParameterCollection parameters, string name, object? value)
    {
        if (parameters.Contains(name))
        {
            parameters[name].Value = value ?? DBNull.Value;
        }
    }

    private void Prepare(OperationKind kind, string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in new[] { "$a", "$b", "$s", "$n", "$p", "$r" })
        {
            if (sql.Contains(name, StringComparison.Ordinal))
            {
                command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
            }
        }

        _commands[kind] = command;
    }

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    private static MqttQualityOfService ReadQos(SqliteDataReader reader, int ordinal)
    {
        var value = reader.GetInt32(ordinal);
        return value is >= 0 and <= 2
            ? (MqttQualityOfService)value
            : throw new InvalidDataException($"Broker store {FileName}: QoS {value} in column {reader.GetName(ordinal)} is not 0, 1 or 2.");
    }

    private static TopicName ParseTopic(string value) =>
        TopicName.TryParse(value, out var topic)
            ? topic
            : throw new InvalidDataException($"Broker store {FileName}: stored topic '{value}' is not a valid topic name.");

    private static TopicFilter ParseFilter(string value) =>
        TopicFilter.TryParse(value, out var filter)
            ? filter
            : throw new InvalidDataException($"Broker store {FileName}: stored filter '{value}' is not a valid topic filter.");

    [LoggerMessage(Level = LogLevel.Error, Message = "Broker store commit failed; the batch's acknowledgements are withheld")]
    private partial void LogCommitFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A broker store durability callback failed")]
    private partial void LogBarrierFailed(Exception exception);

    private readonly record struct Operation(
        OperationKind Kind,
        string? Key = null,
        string? Text = null,
        long Sequence = 0,
        int Number = 0,
        BrokerMessage? Message = null,
        Action<bool>? Callback = null);
}
