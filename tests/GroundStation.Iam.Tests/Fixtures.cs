using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using GroundStation.Iam.Audit;
using GroundStation.Iam.Keys;
using GroundStation.Iam.Service;
using GroundStation.Iam.Storage;
using GroundStation.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GroundStation.Iam.Tests;

/// <summary>Counts lookups by key hash, to prove that malformed keys never reach the store.</summary>
public sealed class CountingStore(IIamStore inner) : IIamStore
{
    private readonly ConcurrentDictionary<ApiKeyHash, int> _perKey = new();
    private int _hashLookups;

    public int HashLookups => Volatile.Read(ref _hashLookups);

    public int LookupsOf(string key) => _perKey.TryGetValue(ApiKeyHash.Of(key), out var count) ? count : 0;

    public IIamStore Inner => inner;

    public Task InsertKeyAsync(KeyRecord key, CancellationToken cancellationToken) => inner.InsertKeyAsync(key, cancellationToken);

    public Task<KeyRecord?> FindKeyByHashAsync(ApiKeyHash hash, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _hashLookups);
        _perKey.AddOrUpdate(hash, 1, (_, count) => count + 1);
        return inner.FindKeyByHashAsync(hash, cancellationToken);
    }

    public Task<KeyRecord?> FindKeyByIdAsync(KeyId id, CancellationToken cancellationToken) => inner.FindKeyByIdAsync(id, cancellationToken);

    public Task<IReadOnlyList<KeyRecord>> ListKeysAsync(TenantId tenant, CancellationToken cancellationToken) => inner.ListKeysAsync(tenant, cancellationToken);

    public Task<bool> IsEmptyAsync(CancellationToken cancellationToken) => inner.IsEmptyAsync(cancellationToken);

    /// <summary>Raised when a revocation has committed.</summary>
    public event Action<KeyId>? Revoked;

    public async Task<bool> RevokeKeyAsync(KeyId id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var revoked = await inner.RevokeKeyAsync(id, at, cancellationToken);
        Revoked?.Invoke(id);
        return revoked;
    }

    public Task<bool> SetKeyDisabledAsync(KeyId id, bool disabled, DateTimeOffset at, CancellationToken cancellationToken) => inner.SetKeyDisabledAsync(id, disabled, at, cancellationToken);

    public Task RotateKeyAsync(KeyRecord replacement, KeyId old, DateTimeOffset oldKeyExpiresAt, CancellationToken cancellationToken) => inner.RotateKeyAsync(replacement, old, oldKeyExpiresAt, cancellationToken);

    public Task<IReadOnlyList<RevocationEvent>> RevocationsAfterAsync(long afterSequence, int limit, CancellationToken cancellationToken) => inner.RevocationsAfterAsync(afterSequence, limit, cancellationToken);

    public Task<long> LatestRevocationAsync(CancellationToken cancellationToken) => inner.LatestRevocationAsync(cancellationToken);

    public Task AppendAuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken) => inner.AppendAuditAsync(entries, cancellationToken);

    public Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(long afterSequence, int limit, CancellationToken cancellationToken) => inner.ReadAuditAsync(afterSequence, limit, cancellationToken);

    public Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(TenantId tenant, DateTimeOffset since, DateTimeOffset until, int limit, CancellationToken cancellationToken) =>
        inner.ReadAuditAsync(tenant, since, until, limit, cancellationToken);
}

/// <summary>Keeps every log line the service writes, so tests can search them.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public string All => string.Join('\n', _lines);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}

/// <summary>A real IAM server on a loopback port, with its first admin key (tenant "t1").</summary>
public sealed class IamTestServer : IAsyncDisposable
{
    private bool _ownsDirectory;

    private IamTestServer(WebApplication app, CountingStore store, string dataDirectory, Uri address, string adminKey, CapturingLoggerProvider logs)
    {
        App = app;
        Store = store;
        DataDirectory = dataDirectory;
        Address = address;
        AdminKey = adminKey;
        Logs = logs;
    }

    public WebApplication App { get; }

    public CountingStore Store { get; }

    public string DataDirectory { get; }

    public Uri Address { get; }

    public string AdminKey { get; }

    public CapturingLoggerProvider Logs { get; }

    public static async Task<IamTestServer> StartAsync(TimeProvider? time = null, IamServiceOptions? options = null, string? dataDirectory = null, bool bootstrap = true)
    {
        var ownsDirectory = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("gs-iam-").FullName;
        var store = new CountingStore(SqliteIamStore.Open(dataDirectory));
        var logs = new CapturingLoggerProvider();
        var port = FreePort.Next();
        var app = IamServer.Build(new IamServerSettings
        {
            Store = store,
            Listen = new IPEndPoint(IPAddress.Loopback, port),
            Time = time ?? TimeProvider.System,
            Options = options ?? new IamServiceOptions(),
            ConfigureLogging = l => l.AddProvider(logs),
        });
        await app.StartAsync();
        var adminKey = string.Empty;
        if (bootstrap)
        {
            var key = await app.Services.GetRequiredService<IamService>().BootstrapAsync(new TenantId("t1"), new PrincipalId("root"), TimeSpan.FromDays(365), CancellationToken.None);
            adminKey = key!.Reveal();
        }

        return new IamTestServer(app, store, dataDirectory, new Uri($"http://127.0.0.1:{port}/"), adminKey, logs) { _ownsDirectory = ownsDirectory };
    }

    public HttpClient Http(IPAddress? localAddress = null)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1), MaxConnectionsPerServer = 200 };
        if (localAddress is not null)
        {
            handler.ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(localAddress, 0));
                await socket.ConnectAsync(context.DnsEndPoint, token);
                return new NetworkStream(socket, ownsSocket: true);
            };
        }

        return new HttpClient(handler) { BaseAddress = Address };
    }

    public Client.IamClient Client(string key) => new(Http(), key);

    public async Task<CreatedKeyResponse> CreateKeyAsync(string callerKey, CreateKeyRequest request) =>
        await Client(callerKey).CreateKeyAsync(request, CancellationToken.None);

    /// <summary>Sends raw bytes as an HTTP/1.1 request and returns the status code and body.</summary>
    public async Task<(int Status, string Body)> RawAsync(byte[] request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(request);
        using var reader = new StreamReader(stream, Encoding.Latin1);
        var response = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var status = int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        var body = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        return (status, body);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (_ownsDirectory && Directory.Exists(DataDirectory))
        {
            // Pooled connections keep the files open; a server sharing this directory was disposed first.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}

public static class Json
{
    public static async Task<T> ReadAsync<T>(HttpResponseMessage response) => (await response.Content.ReadFromJsonAsync<T>())!;
}
