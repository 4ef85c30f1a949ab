using Microsoft.Data.Sqlite;

namespace GroundStation.Storage;

/// <summary>
/// Opens a store's SQLite file the one way the core's stores (commanding, telemetry, registry, contacts) all need it:
/// its directory created, the file in WAL mode with its schema applied, and every connection with
/// <c>synchronous = NORMAL</c> (WAL makes that crash-safe; only the last commits can be lost on power loss) and a busy
/// timeout, so a writer in another connection makes readers wait instead of fail. The edge's stores keep their own
/// opening: they run with <c>synchronous = FULL</c>, since a station's power can fail mid-pass.
/// </summary>
public sealed class SqliteDatabase
{
    private const string ConnectionPragmas = "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000;";

    private readonly string _connectionString;

    private SqliteDatabase(string path, bool pooled)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = pooled,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>
    /// Opens (creating if needed) the database at <paramref name="path"/> for a store that opens a pooled connection per
    /// operation (<see cref="Open"/>), and applies <paramref name="schema"/> (idempotent statements) once.
    /// </summary>
    /// <exception cref="SqliteException">The file cannot be opened or is not a database of this schema.</exception>
    public static SqliteDatabase Pooled(string path, string schema)
    {
        var database = new SqliteDatabase(path, pooled: true);
        using var connection = database.Open();
        ApplySchema(connection, schema);
        return database;
    }

    /// <summary>
    /// Opens (creating if needed) the database at <paramref name="path"/> on one unpooled connection for a store that
    /// keeps it for its lifetime (and disposes it), and applies <paramref name="schema"/> (idempotent statements).
    /// </summary>
    /// <exception cref="SqliteException">The file cannot be opened or is not a database of this schema.</exception>
    public static SqliteConnection OpenDedicated(string path, string schema)
    {
        var connection = new SqliteDatabase(path, pooled: false).Open();
        try
        {
            ApplySchema(connection, schema);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Opens a (pooled) connection with the per-connection settings; the caller disposes it.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var pragma = connection.CreateCommand();
            pragma.CommandText = ConnectionPragmas;
            pragma.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void ApplySchema(SqliteConnection connection, string schema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schema);
        using var command = connection.CreateCommand();
        // WAL is a property of the file: set once, it stays for every later connection.
        command.CommandText = "PRAGMA journal_mode = WAL;\n" + schema;
        command.ExecuteNonQuery();
    }
}
