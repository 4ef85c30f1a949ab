using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using GroundStation.Messaging.Broker.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundStation.Messaging.Broker;

/// <summary>
/// GroundStation's embedded MQTT 3.1.1 broker: TCP and TLS listeners, clean and persistent sessions, QoS 0/1/2,
/// retained messages, wildcards, shared subscriptions (<c>$share/{group}/{filter}</c>), last will, keep-alive
/// enforcement, pluggable authentication and topic authorisation, and limits. With a data directory, persistent
/// sessions and retained messages live in SQLite and survive a restart; nothing is acknowledged before it is stored.
/// </summary>
public sealed partial class MqttBroker : IAsyncDisposable
{
    private readonly BrokerOptions _options;
    private readonly ILogger _logger;
    private readonly BrokerCore _core;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<ClientConnection, Task> _connections = new();
    private readonly List<Socket> _listeners = [];
    private readonly List<Task> _acceptLoops = [];
    private int _state;

    /// <summary>Creates a broker; nothing listens until <see cref="StartAsync"/>.</summary>
    /// <param name="options">Listeners and limits; validated here.</param>
    /// <param name="authenticator">Judges CONNECT credentials; null lets everyone in (<see cref="AllowAllSecurity"/>).</param>
    /// <param name="authorizer">Judges topics; null allows everything (<see cref="AllowAllSecurity"/>).</param>
    /// <param name="timeProvider">The clock for keep-alive and timeouts; null for the system clock.</param>
    /// <param name="loggerFactory">Where the broker logs; null for nowhere.</param>
    public MqttBroker(BrokerOptions options, IBrokerAuthenticator? authenticator = null, IBrokerAuthorizer? authorizer = null,
        TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<MqttBroker>();
        IBrokerStore store = options.DataDirectory is { } directory
            ? new SqliteBrokerStore(directory, Metrics, _logger)
            : new MemoryBrokerStore();
        _core = new BrokerCore(options, store, authenticator ?? AllowAllSecurity.Instance, authorizer ?? AllowAllSecurity.Instance,
            timeProvider ?? TimeProvider.System, Metrics, _logger);
    }

    /// <summary>What the broker has done so far.</summary>
    public BrokerMetrics Metrics { get; } = new();

    /// <summary>Where the TCP listener is bound (its real port when 0 was asked for); null without one.</summary>
    public IPEndPoint? TcpEndPoint { get; private set; }

    /// <summary>Where the TLS listener is bound; null without one.</summary>
    public IPEndPoint? TlsEndPoint { get; private set; }

    /// <summary>How many sessions exist: connected clients and offline persistent sessions.</summary>
    public int SessionCount => _core.SessionCount;

    /// <summary>How many topics hold a retained message.</summary>
    public int RetainedCount => _core.Retained.Count;

    /// <summary>Restores stored state, then binds the listeners and starts accepting connections.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The broker was already started.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        _core.Load();
        if (_options.TcpEndPoint is { } tcp)
        {
            TcpEndPoint = Listen(tcp, isTls: false);
        }

        if (_options.TlsEndPoint is { } tls)
        {
            TlsEndPoint = Listen(tls, isTls: true);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops listening, closes every connection (no wills are published for a broker shutdown), and writes what the
    /// store still has queued.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _state, 2) == 2)
        {
            return;
        }

        await _stopping.CancelAsync();
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        await Task.WhenAll(_acceptLoops);
        foreach (var connection in _connections.Keys)
        {
            connection.Abort(CloseReason.BrokerStopping);
        }

        await Task.WhenAll(_connections.Values);
        await _core.Store.DisposeAsync();
        _core.Dispose();
        _stopping.Dispose();
        LogStopped(Metrics.MessagesReceived, Metrics.MessagesDelivered, Metrics.Qos0MessagesDropped,
            Metrics.QueuedMessagesDropped, Metrics.ProtocolErrors, Metrics.InternalErrors);
    }

    private IPEndPoint Listen(IPEndPoint endPoint, bool isTls)
    {
        var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(endPoint);
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listeners.Add(listener);
        var bound = (IPEndPoint)listener.LocalEndPoint!;
        _acceptLoops.Add(Task.Run(() => AcceptLoopAsync(listener, isTls)));
        LogListening(isTls ? "mqtts" : "mqtt", bound);
        return bound;
    }

    private async Task AcceptLoopAsync(Socket listener, bool isTls)
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(token);
            }
            catch (Exception exception) when (token.IsCancellationRequested &&
                                                  exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException exception)
            {
                // Out of descriptors or a connection reset before accept: back off briefly and keep serving.
                Metrics.InternalError();
                LogAcceptFailed(exception);
                await Task.Delay(TimeSpan.FromMilliseconds(100), _core.Time, CancellationToken.None);
                continue;
            }

            if (Metrics.ConnectionsOpen >= _options.MaxConnections)
            {
                Metrics.ConnectionRefused();
                LogTooManyConnections(socket.RemoteEndPoint, _options.MaxConnections);
                socket.Dispose();
                continue;
            }

            socket.NoDelay = true;
            Metrics.ConnectionAccepted();
            var connection = new ClientConnection(_core, socket, isTls);
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _connections[connection] = RunConnectionAsync(connection, started.Task);
            started.SetResult();
        }
    }

    private async Task RunConnectionAsync(ClientConnection connection, Task registered)
    {
        await registered;
        try
        {
            await connection.RunAsync();
        }
        finally
        {
            Metrics.ConnectionClosed();
            _connections.TryRemove(connection, out _);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT broker listening on {Scheme}://{EndPoint}")]
    private partial void LogListening(string scheme, IPEndPoint endPoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT broker stopped: {Received} messages received, {Delivered} delivered, {Qos0Dropped} QoS 0 and {QueuedDropped} QoS 1/2 dropped, {ProtocolErrors} protocol errors, {InternalErrors} internal errors")]
    private partial void LogStopped(long received, long delivered, long qos0Dropped, long queuedDropped, long protocolErrors,
        long internalErrors);

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT listener failed to accept a connection")]
    private partial void LogAcceptFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT connection from {Remote} refused: {Max} connections are open")]
    private partial void LogTooManyConnections(EndPoint? remote, int max);
}
