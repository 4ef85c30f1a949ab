using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace GroundStation.Simulators.Hamlib;

/// <summary>
/// A TCP server for a simulated rotctld or rigctld: one line-oriented session per client, each answered by the
/// shared <see cref="HamlibResponder"/>. A failing client is logged and dropped; the server keeps accepting.
/// </summary>
public sealed partial class HamlibTcpServer : IAsyncDisposable
{
    private const int MaxLineLength = 4096;
    private readonly TcpListener _listener;
    private readonly HamlibResponder _responder;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _sessions = [];
    private readonly Lock _sessionsGate = new();
    private Task? _acceptLoop;

    /// <summary>Creates a server bound (when started) to <paramref name="endpoint"/>; port 0 picks a free one.</summary>
    public HamlibTcpServer(IPEndPoint endpoint, HamlibResponder responder, ILogger logger)
    {
        _listener = new TcpListener(endpoint ?? throw new ArgumentNullException(nameof(endpoint)));
        _responder = responder ?? throw new ArgumentNullException(nameof(responder));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>The bound endpoint, once started.</summary>
    public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Starts listening and accepting clients.</summary>
    public void Start()
    {
        _listener.Start();
        _acceptLoop = AcceptAsync(_stopping.Token);
    }

    /// <summary>Starts, runs <paramref name="started"/> (e.g. to announce the endpoint), and serves until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken, Func<Task>? started = null)
    {
        Start();
        if (started is not null)
        {
            await started();
        }

        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogStopping(_logger);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        if (_acceptLoop is not null)
        {
            await _acceptLoop;
        }

        Task[] sessions;
        lock (_sessionsGate)
        {
            sessions = [.. _sessions];
        }

        await Task.WhenAll(sessions);
        _stopping.Dispose();
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex) when (cancellationToken.IsCancellationRequested)
            {
                LogAcceptEnded(_logger, ex.Message);
                return;
            }
            catch (SocketException ex)
            {
                LogAcceptFailed(_logger, ex);
                continue;
            }

            var session = ServeAsync(client, cancellationToken);
            lock (_sessionsGate)
            {
                _sessions.RemoveAll(s => s.IsCompleted);
                _sessions.Add(session);
            }
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using (client)
        {
            var remote = client.Client.RemoteEndPoint?.ToString() ?? "unknown";
            try
            {
                client.NoDelay = true;
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII, false, 1024, leaveOpen: true);
                while (!cancellationToken.IsCancellationRequested)
                {
                    var line = await reader.ReadLineAsync(cancellationToken);
                    if (line is null || line.Trim() is "q" or "Q" or "\\quit")
                    {
                        return;
                    }

                    var reply = line.Length > MaxLineLength ? "RPRT -1\n" : _responder.Respond(line);
                    if (reply.Length > 0)
                    {
                        await stream.WriteAsync(Encoding.ASCII.GetBytes(reply), cancellationToken);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                LogSessionClosed(_logger, remote);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One misbehaving client (or a bug in a handler) must not take the daemon down.
                LogSessionFailed(_logger, remote, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping the simulated daemon")]
    private static partial void LogStopping(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Accept loop ended: {Reason}")]
    private static partial void LogAcceptEnded(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Accepting a client failed")]
    private static partial void LogAcceptFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session with {Remote} closed at shutdown")]
    private static partial void LogSessionClosed(ILogger logger, string remote);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session with {Remote} failed")]
    private static partial void LogSessionFailed(ILogger logger, string remote, Exception exception);
}
