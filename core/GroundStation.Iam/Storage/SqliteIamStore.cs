using GroundStation.Iam.Audit;
using GroundStation.Iam.Keys;
using Microsoft.Data.Sqlite;

namespace GroundStation.Iam.Storage;

/// <summary>
/// The default store: one SQLite file in WAL mode, so that readers never wait for the writer and several service
/// instances (processes) can share it. Audit rows are protected by triggers against UPDATE and DELETE; the hash chain
/// catches anyone who bypasses them with direct file access.
/// </summary>
public sealed class SqliteIamStore : IIamStore
{
    /// <summary>The file name inside the data directory.</summary>
    public const string FileName = "iam.db";

    private const string KeyColumns = "id, hash, stub, principal, tenant, roles, station, kind, env, created_at, expires_at, disabled, revoked_at, rotated_from";
    private const string AuditColumns = "seq, at, event, actor, principal, tenant, key_id, action, resource, allowed, reason, source, prev_hash, hash";

    private static readonly string[] AuditParameterNames =
        ["$seq", "$at", "$event", "$actor", "$principal", "$tenant", "$key", "$action", "$resource", "$allowed", "$reason", "$source", "$prev", "$hash"];

    private readonly string _connectionString;

    private SqliteIamStore(string connectionString) => _connectionString = connectionString;

    /// <summary>The database file.</summary>
    public required string Path { get; init; }

    /// <summary>Opens (creating when needed) the store in <paramref name="dataDirectory"/>.</summary>
    public static SqliteIamStore Open(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var path = System.IO.Path.Combine(dataDirectory, FileName);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        var store = new SqliteIamStore(connectionString) { Path = path };
        store.CreateSchema();
        return store;
    }

    private void CreateSchema()
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS keys(
                id TEXT PRIMARY KEY, hash BLOB NOT NULL UNIQUE, stub TEXT NOT NULL, principal TEXT NOT NULL,
                tenant TEXT NOT NULL, roles TEXT NOT NULL, station TEXT, kind INTEGER NOT NULL, env INTEGER NOT NULL,
                created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, disabled INTEGER NOT NULL DEFAULT 0,
                revoked_at INTEGER, rotated_from TEXT);
            CREATE INDEX IF NOT EXISTS keys_tenant ON keys(tenant);
            CREATE TABLE IF NOT EXISTS revocations(
                seq INTEGER PRIMARY KEY AUTOINCREMENT, key_id TEXT NOT NULL, at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS audit(
                seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, event TEXT NOT NULL, actor TEXT, principal TEXT,
                tenant TEXT, key_id TEXT, action TEXT, resource TEXT, allowed INTEGER NOT NULL, reason TEXT NOT NULL,
                source TEXT, prev_hash BLOB NOT NULL, hash BLOB NOT NULL);
            CREATE INDEX IF NOT EXISTS audit_tenant_at ON audit(tenant, at);
            CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            """;
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public async Task InsertKeyAsync(KeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await ConnectAsync(cancellationToken);
        await InsertKeyAsync(connection, null, key, cancellationToken);
    }

    /// <inheritdoc />
    public Task<KeyRecord?> FindKeyByHashAsync(ApiKeyHash hash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return FindKeyAsync("hash = $v", hash.ToArray(), cancellationToken);
    }

    /// <inheritdoc />
    public Task<KeyRecord?> FindKeyByIdAsync(KeyId id, CancellationToken cancellationToken) => FindKeyAsync("id = $v", id.Value, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<KeyRecord>> ListKeysAsync(TenantId tenant, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {KeyColumns} FROM keys WHERE tenant = $t ORDER BY created_at, id";
        command.Parameters.AddWithValue("$t", tenant.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<KeyRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(ReadKey(reader));
        }

        return keys;
    }

    /// <inheritdoc />
    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT NOT EXISTS(SELECT 1 FROM keys)";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    /// <inheritdoc />
    public Task<bool> RevokeKeyAsync(KeyId id, DateTimeOffset at, CancellationToken cancellationToken) =>
        ChangeAndPublishAsync(id, "UPDATE keys SET revoked_at = $at WHERE id = $id AND revoked_at IS NULL", at, publish: true, cancellationToken);

    /// <inheritdoc />
    public Task<bool> SetKeyDisabledAsync(KeyId id, bool disabled, DateTimeOffset at, CancellationToken cancellationToken) =>
        ChangeAndPublishAsync(
            id,
            $"UPDATE keys SET disabled = {(disabled ? 1 : 0)} WHERE id = $id AND revoked_at IS NULL",
            at,
            publish: disabled,
            cancellationToken);

    /// <inheritdoc />
    public async Task RotateKeyAsync(KeyRecord replacement, KeyId old, DateTimeOffset oldKeyExpiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        await using var connection = await ConnectAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await InsertKeyAsync(connection, transaction, replacement, cancellationToken);
        await ExecuteAsync(transaction, "UPDATE keys SET expires_at = MIN(expires_at, $at) WHERE id = $id", old, oldKeyExpiresAt, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RevocationEvent>> RevocationsAfterAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, key_id, at FROM revocations WHERE seq > $after ORDER BY seq LIMIT $limit";
        command.Parameters.AddWithValue("$after", afterSequence);
        command.Parameters.AddWithValue("$limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<RevocationEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new RevocationEvent(reader.GetInt64(0), new KeyId(reader.GetString(1)), FromTicks(reader.GetInt64(2))));
        }

        return events;
    }

    /// <inheritdoc />
    public async Task<long> LatestRevocationAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM revocations";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async Task AppendAuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }

        await using var connection = await ConnectAsync(cancellationToken);
        // BEGIN IMMEDIATE: the read of the chain's head and the appends form one critical section across processes.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        long sequence = 0;
        var previous = AuditChain.Genesis;
        await using (var head = connection.CreateCommand())
        {
            head.Transaction = transaction;
            head.CommandText = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
            await using var reader = await head.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                sequence = reader.GetInt64(0);
                previous = (byte[])reader.GetValue(1);
            }
        }

        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO audit({AuditColumns}) VALUES($seq, $at, $event, $actor, $principal, $tenant, $key, $action, $resource, $allowed, $reason, $source, $prev, $hash)";
        var parameters = AuditParameterNames.Select(name => insert.Parameters.Add(name, SqliteType.Text))
            .ToArray();
        foreach (var entry in entries)
        {
            var record = AuditChain.Chain(++sequence, entry.Redacted(), previous);
            var e = record.Entry;
            object?[] values = [record.Sequence, e.Time.UtcTicks, e.Event, e.Actor, e.Principal, e.Tenant, e.KeyId, e.Action, e.Resource, e.Allowed ? 1 : 0, e.Reason, e.Source, record.PreviousHash, record.Hash];
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].SqliteType = values[i] switch { long or int => SqliteType.Integer, byte[] => SqliteType.Blob, _ => SqliteType.Text };
                parameters[i].Value = values[i] ?? DBNull.Value;
            }

            await insert.ExecuteNonQueryAsync(cancellationToken);
            previous = record.Hash;
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(long afterSequence, int limit, CancellationToken cancellationToken) =>
        QueryAuditAsync("seq > $a ORDER BY seq LIMIT $limit", [("$a", afterSequence), ("$limit", limit)], cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(TenantId tenant, DateTimeOffset since, DateTimeOffset until, int limit, CancellationToken cancellationToken) =>
        QueryAuditAsync(
            "tenant = $t AND at >= $from AND at < $to ORDER BY seq LIMIT $limit",
            [("$t", tenant.Value), ("$from", since.UtcTicks), ("$to", until.UtcTicks), ("$limit", limit)],
            cancellationToken);

    private async Task<IReadOnlyList<AuditRecord>> QueryAuditAsync(string where, (string Name, object Value)[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {AuditColumns} FROM audit WHERE {where}";
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<AuditRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var entry = new AuditEntry(
                FromTicks(reader.GetInt64(1)), reader.GetString(2), TextOrNull(reader, 3), TextOrNull(reader, 4), TextOrNull(reader, 5),
                TextOrNull(reader, 6), TextOrNull(reader, 7), TextOrNull(reader, 8), reader.GetInt64(9) != 0, reader.GetString(10), TextOrNull(reader, 11));
            records.Add(new AuditRecord(reader.GetInt64(0), entry, (byte[])reader.GetValue(12), (byte[])reader.GetValue(13)));
        }

        return records;
    }

    private async Task<bool> ChangeAndPublishAsync(KeyId id, string update, DateTimeOffset at, bool publish, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        if (await ExecuteAsync(transaction, update, id, at, cancellationToken) == 0)
        {
            return false;
        }

        if (publish)
        {
            await ExecuteAsync(transaction, "INSERT INTO revocations(key_id, at) VALUES($id, $at)", id, at, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    // Runs a statement over one key id ($id) and one instant ($at, in ticks); the statement may use either.
    private static async Task<int> ExecuteAsync(SqliteTransaction transaction, string sql, KeyId id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id.Value);
        command.Parameters.AddWithValue("$at", at.UtcTicks);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<KeyRecord?> FindKeyAsync(string where, object value, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {KeyColumns} FROM keys WHERE {where}";
        command.Parameters.AddWithValue("$v", value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadKey(reader) : null;
    }

    private static async Task InsertKeyAsync(SqliteConnection connection, SqliteTransaction? transaction, KeyRecord key, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO keys({KeyColumns}) VALUES($id, $hash, $stub, $principal, $tenant, $roles, $station, $kind, $env, $created, $expires, $disabled, $revoked, $from)";
        command.Parameters.AddWithValue("$id", key.Id.Value);
        command.Parameters.AddWithValue("$hash", key.Hash.ToArray());
        command.Parameters.AddWithValue("$stub", key.Stub);
        command.Parameters.AddWithValue("$principal", key.Principal.Value);
        command.Parameters.AddWithValue("$tenant", key.Tenant.Value);
        command.Parameters.AddWithValue("$roles", string.Join(',', key.Roles));
        command.Parameters.AddWithValue("$station", (object?)key.Station?.Value ?? DBNull.Value);
        command.Parameters.AddWithValue("$kind", (int)key.Kind);
        command.Parameters.AddWithValue("$env", (int)key.Environment);
        command.Parameters.AddWithValue("$created", key.CreatedAt.UtcTicks);
        command.Parameters.AddWithValue("$expires", key.ExpiresAt.UtcTicks);
        command.Parameters.AddWithValue("$disabled", key.Disabled ? 1 : 0);
        command.Parameters.AddWithValue("$revoked", (object?)key.RevokedAt?.UtcTicks ?? DBNull.Value);
        command.Parameters.AddWithValue("$from", (object?)key.RotatedFrom?.Value ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static KeyRecord ReadKey(SqliteDataReader reader) => new(
        new KeyId(reader.GetString(0)),
        ApiKeyHash.FromBytes((byte[])reader.GetValue(1)),
        reader.GetString(2),
        new PrincipalId(reader.GetString(3)),
        new TenantId(reader.GetString(4)),
        reader.GetString(5).Split(',', StringSplitOptions.RemoveEmptyEntries),
        reader.IsDBNull(6) ? null : new StationId(reader.GetString(6)),
        (ApiKeyKind)reader.GetInt32(7),
        (ApiKeyEnvironment)reader.GetInt32(8),
        FromTicks(reader.GetInt64(9)),
        FromTicks(reader.GetInt64(10)),
        reader.GetInt64(11) != 0,
        reader.IsDBNull(12) ? null : FromTicks(reader.GetInt64(12)),
        reader.IsDBNull(13) ? null : new KeyId(reader.GetString(13)));

    private static string? TextOrNull(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset FromTicks(long ticks) => new(ticks, TimeSpan.Zero);

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
