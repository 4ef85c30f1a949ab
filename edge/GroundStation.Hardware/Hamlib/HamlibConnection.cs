using System.Globalization;
using System.Net.Sockets;
using System.Text;
using GroundStation.Hardware.Serial;
using Microsoft.Extensions.Logging;

namespace GroundStation.Hardware.Hamlib;

/// <summary>
/// One TCP connection to rotctld or rigctld, speaking the extended protocol (<c>+\command</c>) because every
/// extended reply ends with <c>RPRT n</c>, which frames replies without guessing line counts.
/// Commands are serialised; a broken connection (the daemon restarted) is reopened and the command retried once.
/// A timed-out connection is dropped, since a late reply would otherwise answer the next command.
/// </summary>
internal sealed partial class HamlibConnection(
    HamlibClientOptions options,
    string daemonName,
    Func<HamlibError, string, Exception?, HamlibException> createError,
    TimeProvider timeProvider,
    ILogger logger) : IAsyncDisposable
{
    private static readonly byte[] LineFeed = "\n"u8.ToArray();
    private static readonly byte[] CarriageReturn = "\r"u8.ToArray();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TcpClient? _client;
    private NetworkStream? _stream;
    private AsciiLineReader? _reader;

    /// <summary>Raised after a (re)connection, inside the command lock, so the owner can re-read session state.</summary>
    public Func<CancellationToken, Task>? Connected { get; set; }

    /// <summary>Sends <c>+command</c> and reads the reply up to its <c>RPRT</c> line; a non-zero code throws.</summary>
    public Task<HamlibReply> ExecuteAsync(string command, CancellationToken cancellationToken) =>
        RunAsync(() => command, ct => TransactExtendedAsync(command, ct), cancellationToken);

    /// <summary>
    /// Runs the commands <paramref name="commands"/> builds, in order and without another command in between; they are
    /// built once connected, so they can depend on session state read by <see cref="Connected"/>. Returns the last reply.
    /// </summary>
    public Task<HamlibReply> ExecuteSequenceAsync(Func<IReadOnlyList<string>> commands, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> built = [];
        return RunAsync(() => string.Join("; ", built = commands()), async ct =>
        {
            HamlibReply? last = null;
            foreach (var command in built)
            {
                last = await TransactExtendedAsync(command, ct);
            }

            return last ?? throw new InvalidOperationException("A command sequence must hold at least one command.");
        }, cancellationToken);
    }

    /// <summary>
    /// Sends a command whose plain reply is exactly one line (e.g. <c>\chk_vfo</c>) and returns that line. Only for
    /// <see cref="Connected"/>, which already holds the command lock and the fresh connection.
    /// </summary>
    internal Task<string> ExecuteSingleLineWhileConnectingAsync(string command, CancellationToken cancellationToken) =>
        WithTimeoutAsync(command, ct => TransactSingleLineAsync(command, ct), cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Disconnect();
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<T> RunAsync<T>(Func<string> describe, Func<CancellationToken, Task<T>> transact, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var wasConnected = _client is not null;
                await EnsureConnectedAsync(cancellationToken);
                var command = describe();
                try
                {
                    return await WithTimeoutAsync(command, transact, cancellationToken);
                }
                catch (BrokenConnectionException broken) when (attempt == 0 && wasConnected)
                {
                    LogReconnecting(logger, daemonName, options.Endpoint, command, broken.InnerException?.Message ?? broken.Message);
                    Disconnect();
                }
                catch (BrokenConnectionException broken)
                {
                    Disconnect();
                    throw createError(HamlibError.IOError,
                        $"The connection to {daemonName} at {options.Endpoint} broke during '{command}'.", broken.InnerException ?? broken);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<T> WithTimeoutAsync<T>(string command, Func<CancellationToken, Task<T>> transact, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.CommandTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await transact(linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Disconnect();
            throw createError(HamlibError.Timeout,
                $"{daemonName} at {options.Endpoint} did not answer '{command}' within {options.CommandTimeout.TotalMilliseconds:0} ms.", null);
        }
        catch (OperationCanceledException)
        {
            // The caller gave up mid-exchange: the reply may still arrive, so this connection cannot be reused.
            Disconnect();
            throw;
        }
    }

    private async Task EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        if (_client is not null)
        {
            return;
        }

        var client = new TcpClient { NoDelay = true };
        using (var timeout = new CancellationTokenSource(options.ConnectTimeout, timeProvider))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
        {
            try
            {
                await client.ConnectAsync(options.Endpoint.Host, options.Endpoint.Port, linked.Token);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                client.Dispose();
                throw createError(ex is SocketException ? HamlibError.IOError : HamlibError.Timeout,
                    $"Cannot connect to {daemonName} at {options.Endpoint}: {ex.Message}", ex);
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }

        _client = client;
        _stream = client.GetStream();
        _reader = new AsciiLineReader(_stream);
        LogConnected(logger, daemonName, options.Endpoint);
        if (Connected is { } connected)
        {
            try
            {
                await connected(cancellationToken);
            }
            catch (BrokenConnectionException broken)
            {
                Disconnect();
                throw createError(HamlibError.IOError,
                    $"The connection to {daemonName} at {options.Endpoint} broke while setting up the session.", broken.InnerException ?? broken);
            }
            catch
            {
                Disconnect();
                throw;
            }
        }
    }

    private async Task<HamlibReply> TransactExtendedAsync(string command, CancellationToken cancellationToken)
    {
        await SendAsync("+" + command, cancellationToken);
        var values = new List<KeyValuePair<string, string>>();
        var first = true;
        while (true)
        {
            var line = await ReceiveLineAsync(cancellationToken);
            if (line.StartsWith("RPRT ", StringComparison.Ordinal))
            {
                if (!int.TryParse(line.AsSpan(5), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code))
                {
                    throw createError(HamlibError.Protocol, $"{daemonName} answered '{command}' with a malformed '{line}'.", null);
                }

                if (code != 0)
                {
                    var error = (HamlibError)Math.Abs(code);
                    throw createError(error, $"{daemonName} at {options.Endpoint} refused '{command}': RPRT {code} ({error}).", null);
                }

                return new HamlibReply(values, code);
            }

            if (first)
            {
                // The echo line ("get_pos:" or "set_pos: 120 45") names the command; it carries no value.
                first = false;
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            values.Add(colon < 0
                ? new KeyValuePair<string, string>(string.Empty, line.Trim())
                : new KeyValuePair<string, string>(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }
    }

    private async Task<string> TransactSingleLineAsync(string command, CancellationToken cancellationToken)
    {
        await SendAsync(command, cancellationToken);
        var line = await ReceiveLineAsync(cancellationToken);
        if (line.StartsWith("RPRT ", StringComparison.Ordinal))
        {
            throw createError(HamlibError.Protocol, $"{daemonName} answered '{command}' with '{line}'.", null);
        }

        return line.Trim();
    }

    private async Task SendAsync(string line, CancellationToken cancellationToken)
    {
        try
        {
            await _stream!.WriteAsync(Encoding.ASCII.GetBytes(line + "\n"), cancellationToken);
        }
        catch (IOException ex)
        {
            throw new BrokenConnectionException(ex);
        }
        catch (ObjectDisposedException ex)
        {
            throw new BrokenConnectionException(ex);
        }
    }

    private async Task<string> ReceiveLineAsync(CancellationToken cancellationToken)
    {
        string? line;
        try
        {
            line = await _reader!.ReadLineAsync(LineFeed, CarriageReturn, cancellationToken);
        }
        catch (IOException ex)
        {
            throw new BrokenConnectionException(ex);
        }
        catch (InvalidDataException ex)
        {
            throw createError(HamlibError.Protocol, $"{daemonName} at {options.Endpoint} sent an over-long line.", ex);
        }

        return line ?? throw new BrokenConnectionException(new EndOfStreamException($"{daemonName} closed the connection."));
    }

    private void Disconnect()
    {
        _stream?.Dispose();
        _client?.Dispose();
        _stream = null;
        _client = null;
        _reader = null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to {Daemon} at {Endpoint}")]
    private static partial void LogConnected(ILogger logger, string daemon, HamlibEndpoint endpoint);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The connection to {Daemon} at {Endpoint} broke during '{Command}' ({Reason}); reconnecting and retrying once")]
    private static partial void LogReconnecting(ILogger logger, string daemon, HamlibEndpoint endpoint, string command, string reason);

    private sealed class BrokenConnectionException(Exception inner) : Exception(inner.Message, inner);
}
