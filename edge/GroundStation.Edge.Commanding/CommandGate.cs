using GroundStation.Messaging.Contracts;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundStation.Edge.Commanding;

/// <summary>
/// The edge's command gate: only telecommands signed by a trusted core key, addressed to this station, fresh, never seen
/// before and for a pass of the current plan are accepted (<see cref="ReceiveAsync"/>); they wait in SQLite and are
/// handed to the <see cref="ITelecommandUplink"/> in arrival order only while their pass's <see cref="IUplinkWindow"/>
/// is <see cref="UplinkWindowState.Open"/>, before LOS and before their expiry (<see cref="ReleaseDueAsync"/>). A command
/// whose window closed or which expired fails and is never sent later (<see cref="ExpireAsync"/>). The uplink is at
/// most once: a command is marked Released on disk before the uplink gets it, and one found Released after a restart
/// fails as <see cref="CommandFailureCodes.UncertainAfterRestart"/> instead of being resent.
/// Every stage is reported as a <see cref="CommandAck"/> through an on-disk outbox that <see cref="RunAsync"/> (or
/// <see cref="PublishPendingAcksAsync"/>) drains to the <see cref="ICommandAckPublisher"/>, so reporting never delays
/// commanding and no ack is lost while the broker is away.
/// </summary>
public sealed partial class CommandGate : IAsyncDisposable
{
    private readonly CommandGateOptions _options;
    private readonly TimeProvider _time;
    private readonly IPassDirectory _passes;
    private readonly IUplinkWindow _window;
    private readonly ITelecommandUplink _uplink;
    private readonly ICommandAckPublisher _acks;
    private readonly ILogger _logger;
    private readonly CommandStore _store;
    private readonly SemaphoreSlim _release = new(1, 1);
    private readonly SemaphoreSlim _ackPump = new(1, 1);
    private readonly Lock _signalGate = new();
    private TaskCompletionSource _wake = NewSignal();
    private TaskCompletionSource _ackAdded = NewSignal();
    private bool _disposed;

    private CommandGate(CommandGateOptions options, TimeProvider time, IPassDirectory passes, IUplinkWindow window,
        ITelecommandUplink uplink, ICommandAckPublisher acks, ILogger logger, CommandStore store)
    {
        _options = options;
        _time = time;
        _passes = passes;
        _window = window;
        _uplink = uplink;
        _acks = acks;
        _logger = logger;
        _store = store;
    }

    /// <summary>Acks stored and not yet acknowledged by the broker.</summary>
    public long PendingAcks => _store.PendingAckCount();

    /// <summary>
    /// Opens (or creates) the gate's database. Commands an earlier run had Released without recording them Sent fail now
    /// with <see cref="CommandFailureCodes.UncertainAfterRestart"/> (at most once: they are not resent).
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static Task<CommandGate> OpenAsync(CommandGateOptions options, TimeProvider timeProvider, IPassDirectory passes,
        IUplinkWindow window, ITelecommandUplink uplink, ICommandAckPublisher ackPublisher, ILogger<CommandGate>? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(passes);
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(uplink);
        ArgumentNullException.ThrowIfNull(ackPublisher);
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        var store = CommandStore.Open(options.DatabasePath, options.Station, options.MaxDatabasePages);
        var gate = new CommandGate(options, timeProvider, passes, window, uplink, ackPublisher,
            (ILogger?)logger ?? NullLogger.Instance, store);
        gate.FailUncertain();
        return Task.FromResult(gate);
    }

    /// <summary>
    /// Checks a message from the commands topic and, when it passes every check, queues it for its pass (and reports
    /// Queued). A refusal is returned with its <see cref="CommandFailureCodes">code</see> and reported as a Failed ack
    /// when the command id can be read; a repeated delivery of a command already held is refused as
    /// <see cref="CommandFailureCodes.Replayed"/> without an ack, since the core's view of that command must not change.
    /// </summary>
    /// <remarks>
    /// A storage failure (full disk, I/O error) refuses the command with <see cref="CommandFailureCodes.StorageError"/>
    /// instead of throwing: the caller's MQTT loop keeps running, and no command is accepted whose nonce was not kept.
    /// </remarks>
    public Task<CommandGateResult> ReceiveAsync(ReadOnlyMemory<byte> mqttPayload, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            return Task.FromResult(Receive(mqttPayload.Span));
        }
        catch (SqliteException error)
        {
            LogStorageFailed(error);
            return Task.FromResult(new CommandGateResult(false, null, null, CommandFailureCodes.StorageError,
                $"the gate's database failed: {error.Message}"));
        }
    }

    private CommandGateResult Receive(ReadOnlySpan<byte> mqttPayload)
    {
        var now = _time.GetUtcNow();
        var verdict = TelecommandVerifier.Verify(mqttPayload, _options, now);
        if (verdict.Command is not { } command)
        {
            return Refuse(verdict.CommandId, verdict.PassId, verdict.Code!, verdict.Detail, now);
        }

        var passId = PassId.Parse(command.PassId);
        var pass = _passes.Find(passId);
        if (pass is null)
        {
            return Refuse(command.CommandId, command.PassId, CommandFailureCodes.UnknownPass,
                $"pass '{command.PassId}' is not in the station's current plan", now);
        }

        if (now >= pass.Los || _window.GetState(passId) == UplinkWindowState.Closed)
        {
            return Refuse(command.CommandId, command.PassId, CommandFailureCodes.WindowPassed,
                $"the uplink window of pass '{command.PassId}' closed at {pass.Los:O}", now);
        }

        var keepNonceUntil = command.ExpiresAt + _options.MaxClockSkew;
        switch (_store.TryAccept(command, now, keepNonceUntil))
        {
            case AcceptOutcome.ReplayedSameCommand:
                LogRefused(command.CommandId, CommandFailureCodes.Replayed, "the command is already held (repeated delivery)");
                return new CommandGateResult(false, command.CommandId, command.PassId, CommandFailureCodes.Replayed,
                    $"command '{command.CommandId}' is already held; the repeated delivery is ignored");
            case AcceptOutcome.ReplayedNonce:
                return Refuse(command.CommandId, command.PassId, CommandFailureCodes.Replayed,
                    $"nonce '{command.Nonce}' was already used by another command", now);
        }

        SignalAck();
        Wake();
        LogQueued(command.CommandId, command.PassId, command.ExpiresAt);
        return new CommandGateResult(true, command.CommandId, command.PassId, null,
            $"command '{command.CommandId}' queued for pass '{command.PassId}'");
    }

    /// <summary>
    /// Sends every queued command that is due now, in arrival order: its window is Open, LOS and its expiry are ahead.
    /// Commands whose window closed or which expired fail on the way. Returns how many were sent.
    /// </summary>
    public async Task<int> ReleaseDueAsync(CancellationToken cancellationToken = default)
    {
        await _release.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var sent = 0;
            foreach (var gated in _store.InStage(CommandStage.Queued))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (FailIfOver(gated) || _window.GetState(gated.PassId) != UplinkWindowState.Open || _passes.Find(gated.PassId) is null)
                {
                    continue;
                }

                if (await SendAsync(gated.Command, cancellationToken))
                {
                    sent++;
                }
            }

            return sent;
        }
        finally
        {
            _release.Release();
        }
    }

    /// <summary>Fails every queued command that expired or whose window closed (never to be sent). Returns how many.</summary>
    public async Task<int> ExpireAsync(CancellationToken cancellationToken = default)
    {
        await _release.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var failed = _store.InStage(CommandStage.Queued).Count(FailIfOver);
            _store.PurgeFinished(_time.GetUtcNow() - _options.FinishedRetention);
            return failed;
        }
        finally
        {
            _release.Release();
        }
    }

    /// <summary>Publishes stored acks oldest first until none is left; stops at the first failure (it stays stored). Returns how many were published.</summary>
    public async Task<int> PublishPendingAcksAsync(CancellationToken cancellationToken = default)
    {
        await _ackPump.WaitAsync(cancellationToken);
        try
        {
            var published = 0;
            while (_store.NextAck() is { } pending)
            {
                await _acks.PublishAsync(pending.Ack, cancellationToken);
                _store.DeleteAck(pending.Sequence);
                published++;
            }

            return published;
        }
        finally
        {
            _ackPump.Release();
        }
    }

    /// <summary>Every command held, optionally of one pass, in arrival order.</summary>
    public IReadOnlyList<GatedCommand> List(PassId? passId = null) => _store.List(passId);

    /// <summary>One command held by the gate, or null.</summary>
    public GatedCommand? Find(string commandId)
    {
        ArgumentException.ThrowIfNullOrEmpty(commandId);
        return _store.Find(commandId);
    }

    /// <summary>Makes <see cref="RunAsync"/> look at the windows now (call it when a pass starts or the satellite rises).</summary>
    public void Wake()
    {
        TaskCompletionSource signal;
        lock (_signalGate)
        {
            signal = _wake;
            _wake = NewSignal();
        }

        signal.TrySetResult();
    }

    /// <summary>
    /// Runs the gate until cancelled: every <see cref="CommandGateOptions.CheckInterval"/> (and on <see cref="Wake"/>)
    /// expires and releases commands; beside it, publishes acks as they are stored, retrying after
    /// <see cref="CommandGateOptions.AckRetryDelay"/> while the broker is away. No exception escapes except cancellation.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var acks = Task.Run(() => PumpAcksAsync(cancellationToken), CancellationToken.None);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                Task wake;
                lock (_signalGate)
                {
                    wake = _wake.Task;
                }

                try
                {
                    await ExpireAsync(cancellationToken);
                    await ReleaseDueAsync(cancellationToken);
                }
                catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    LogLoopFailed(error);
                }

                using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var delay = Task.Delay(_options.CheckInterval, _time, tick.Token);
                await ((Task)Task.WhenAny(delay, wake).WaitAsync(cancellationToken)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                await tick.CancelAsync();
                await delay.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            await acks;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _release.WaitAsync();
        await _ackPump.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _store.Dispose();
        }
        finally
        {
            _ackPump.Release();
            _release.Release();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void FailUncertain()
    {
        var now = _time.GetUtcNow();
        foreach (var gated in _store.InStage(CommandStage.Released))
        {
            if (_store.Transition(gated.Command.CommandId, CommandStage.Released, CommandStage.Failed, now,
                    CommandFailureCodes.UncertainAfterRestart))
            {
                LogUncertain(gated.Command.CommandId);
            }
        }

        SignalAck();
    }

    /// <summary>Fails a queued command that can no longer be sent; true when it did.</summary>
    private bool FailIfOver(GatedCommand gated)
    {
        var now = _time.GetUtcNow();
        string? code = null;
        if (now >= gated.Command.ExpiresAt)
        {
            code = CommandFailureCodes.Expired;
        }
        else if (_window.GetState(gated.PassId) == UplinkWindowState.Closed || _passes.Find(gated.PassId) is { } pass && now >= pass.Los)
        {
            code = CommandFailureCodes.WindowPassed;
        }

        if (code is null || !_store.Transition(gated.Command.CommandId, CommandStage.Queued, CommandStage.Failed, now, code))
        {
            return false;
        }

        LogFailed(gated.Command.CommandId, code);
        SignalAck();
        return true;
    }

    private async Task<bool> SendAsync(Telecommand command, CancellationToken cancellationToken)
    {
        // Released is on disk before the uplink sees the command: after a crash it is failed, never sent twice.
        if (!_store.Transition(command.CommandId, CommandStage.Queued, CommandStage.Released, _time.GetUtcNow(), null))
        {
            return false;
        }

        SignalAck();
        try
        {
            await _uplink.SendAsync(command, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down mid-send: whether it went out is unknown, so it stays Released and fails as uncertain on the next start.
            throw;
        }
        catch (Exception error)
        {
            LogUplinkFailed(error, command.CommandId);
            _store.Transition(command.CommandId, CommandStage.Released, CommandStage.Failed, _time.GetUtcNow(), CommandFailureCodes.UplinkFailed);
            SignalAck();
            return false;
        }

        _store.Transition(command.CommandId, CommandStage.Released, CommandStage.Sent, _time.GetUtcNow(), null);
        SignalAck();
        LogSent(command.CommandId, command.PassId);
        return true;
    }

    private CommandGateResult Refuse(string? commandId, string? passId, string code, string detail, DateTimeOffset now)
    {
        LogRefused(commandId ?? "(unreadable)", code, detail);
        if (commandId is not null)
        {
            _store.AddAck(commandId, CommandStage.Failed, now, code);
            SignalAck();
        }

        return new CommandGateResult(false, commandId, passId, code, detail);
    }

    private void SignalAck()
    {
        TaskCompletionSource signal;
        lock (_signalGate)
        {
            signal = _ackAdded;
            _ackAdded = NewSignal();
        }

        signal.TrySetResult();
    }

    private async Task PumpAcksAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Task added;
            lock (_signalGate)
            {
                added = _ackAdded.Task;
            }

            try
            {
                await PublishPendingAcksAsync(cancellationToken);
                await added.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                LogAckFailed(error, _options.AckRetryDelay);
                await Task.Delay(_options.AckRetryDelay, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Telecommand {CommandId} queued for pass {PassId} (expires {ExpiresAt:O})")]
    private partial void LogQueued(string commandId, string passId, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telecommand {CommandId} refused: {Code} ({Detail})")]
    private partial void LogRefused(string commandId, string code, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telecommand {CommandId} failed: {Code}")]
    private partial void LogFailed(string commandId, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telecommand {CommandId} was released before the restart and is not known to be sent: failed as uncertain, not resent")]
    private partial void LogUncertain(string commandId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telecommand {CommandId} sent during pass {PassId}")]
    private partial void LogSent(string commandId, string passId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Uplinking telecommand {CommandId} failed; it is not resent")]
    private partial void LogUplinkFailed(Exception error, string commandId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The command gate could not record a received command; it is refused")]
    private partial void LogStorageFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The command gate's release check failed; it runs again at the next tick")]
    private partial void LogLoopFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing command acks failed; they stay stored and are retried in {RetryDelay}")]
    private partial void LogAckFailed(Exception error, TimeSpan retryDelay);
}
