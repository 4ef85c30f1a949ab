using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using GroundStation.Commanding.Dictionary;
using GroundStation.Commanding.Storage;
using GroundStation.Messaging.Contracts;
using GroundStation.Orbits;
using GroundStation.Telemetry;
using GroundStation.Telemetry.Decoding;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundStation.Commanding;

/// <summary>A request to send a command, after IAM allowed it.</summary>
/// <param name="Norad">The target satellite.</param>
/// <param name="Command">The dictionary name of the command.</param>
/// <param name="Argument">The argument bytes.</param>
/// <param name="ExpiresIn">How long it may wait; null for the default.</param>
/// <param name="Principal">Who sends it.</param>
/// <param name="KeyId">The IAM key id used.</param>
/// <param name="ApprovalRequired">True when IAM's decision carried the two-person obligation.</param>
public sealed record CommandRequest(NoradId Norad, string Command, byte[] Argument, TimeSpan? ExpiresIn, string Principal, string KeyId,
    bool ApprovalRequired);

/// <summary>How a command operation ended.</summary>
public enum CommandOutcomeKind
{
    /// <summary>Done.</summary>
    Ok,

    /// <summary>Bad input; <see cref="CommandOutcome.Field"/> names it.</summary>
    Invalid,

    /// <summary>No such command or satellite (or one of another tenant).</summary>
    NotFound,

    /// <summary>The command's state does not allow it (or the approver is the sender).</summary>
    Conflict,
}

/// <summary>The result of a command operation.</summary>
/// <param name="Kind">How it ended.</param>
/// <param name="Command">The command afterwards, when there is one.</param>
/// <param name="Field">The bad field, for <see cref="CommandOutcomeKind.Invalid"/>.</param>
/// <param name="Message">What is wrong.</param>
public sealed record CommandOutcome(CommandOutcomeKind Kind, CommandRecord? Command, string? Field = null, string? Message = null);

/// <summary>
/// The command pipeline (docs/COMMANDING.md): Received -> (critical: AwaitingApproval -> approved by another principal)
/// -> Queued for the satellite's next contact -> Released (signed <see cref="Telecommand"/> published to the contact's
/// station shortly before AOS) -> Sent (edge acknowledgement) -> Verified when housekeeping reports the on-board id
/// executed, or Failed / Cancelled / Expired. Every step is persisted with who, when and what before it takes effect;
/// the open commands are recovered on start. One lock serialises all changes; timers come from the injected clock.
/// </summary>
public sealed partial class CommandService : IHousekeepingListener, IAsyncDisposable
{
    private static readonly CommandState[] OpenStates =
        [CommandState.Received, CommandState.AwaitingApproval, CommandState.Queued, CommandState.Released, CommandState.Sent];

    private readonly CommandStore _store;
    private readonly CommandDictionaryRegistry _dictionaries;
    private readonly ICommandTargetDirectory _targets;
    private readonly ICommandWindowSource _windows;
    private readonly ICommandPublisher _publisher;
    private readonly CoreSigningKey _key;
    private readonly CommandingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, CommandRecord> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _refusedPasses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(int Norad, ushort OnboardId), string> _awaitingVerification = new();
    private readonly HashSet<int> _held;
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _stopping = new();
    private bool _windowsChanged;
    private int _disposed;

    /// <summary>Creates the service, recovers the open commands from the store and re-publishes released ones.</summary>
    public CommandService(CommandStore store, CommandDictionaryRegistry dictionaries, ICommandTargetDirectory targets,
        ICommandWindowSource windows, ICommandPublisher publisher, CoreSigningKey signingKey, CommandingOptions options,
        TimeProvider time, ILogger<CommandService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _dictionaries = dictionaries ?? throw new ArgumentNullException(nameof(dictionaries));
        _targets = targets ?? throw new ArgumentNullException(nameof(targets));
        _windows = windows ?? throw new ArgumentNullException(nameof(windows));
        _publisher = publisher ?? throw new ArgumentNullException(nameof(publisher));
        _key = signingKey ?? throw new ArgumentNullException(nameof(signingKey));
        _options = options;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? (ILogger)NullLogger.Instance;
        if (!signingKey.HasPrivateKey)
        {
            throw new ArgumentException("The command service needs the core's private signing key.", nameof(signingKey));
        }

        _held = new HashSet<int>(store.HeldQueues());
        var recovered = store.Open(OpenStates);
        foreach (var record in recovered)
        {
            Track(record);
        }

        _timer = time.CreateTimer(static state => ((CommandService)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _windows.Changed += OnWindowsChanged;
        _ = Task.Run(() => RecoverAsync(recovered.Where(r => r.State == CommandState.Released).Select(r => r.CommandId).ToArray()));
    }

    /// <summary>Raised after every persisted change of a command (for the host's event stream).</summary>
    public event EventHandler<CommandRecord>? Changed;

    /// <summary>The command dictionary of a satellite, or null when it is unknown or names an unknown dictionary.</summary>
    public CommandDictionary? DictionaryOf(NoradId norad) =>
        _targets.Find(norad) is { } target && _dictionaries.TryGet(target.Dictionary, out var dictionary) ? dictionary : null;

    /// <summary>Accepts a command: validated against the satellite's dictionary, persisted as Received, then queued or put up for approval.</summary>
    public async Task<CommandOutcome> SubmitAsync(CommandRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = _targets.Find(request.Norad);
        if (target is null)
        {
            return new CommandOutcome(CommandOutcomeKind.NotFound, null, "norad", $"satellite {request.Norad} is not registered.");
        }

        if (!_dictionaries.TryGet(target.Dictionary, out var dictionary))
        {
            return new CommandOutcome(CommandOutcomeKind.Invalid, null, "norad",
                $"satellite {request.Norad} names command dictionary '{target.Dictionary}', which the core does not have.");
        }

        var definition = dictionary.Find(request.Command);
        if (definition is null)
        {
            return new CommandOutcome(CommandOutcomeKind.Invalid, null, "command",
                $"'{request.Command}' is not in dictionary {dictionary.Name} (known: {string.Join(", ", dictionary.Commands.Select(c => c.Name))}).");
        }

        if (request.Argument.Length > TelecommandFrames.MaxArgumentLength)
        {
            return new CommandOutcome(CommandOutcomeKind.Invalid, null, "argumentHex",
                $"at most {TelecommandFrames.MaxArgumentLength} bytes; {request.Argument.Length} given.");
        }

        if (definition.ValidateArgument(request.Argument) is { } problem)
        {
            return new CommandOutcome(CommandOutcomeKind.Invalid, null, "argumentHex", problem);
        }

        var expiresIn = request.ExpiresIn ?? _options.DefaultExpiry;
        if (expiresIn <= TimeSpan.Zero || expiresIn > _options.MaximumExpiry)
        {
            return new CommandOutcome(CommandOutcomeKind.Invalid, null, "expiresInSeconds",
                string.Create(CultureInfo.InvariantCulture, $"must be from 1 to {(long)_options.MaximumExpiry.TotalSeconds} seconds; {(long)expiresIn.TotalSeconds} given."));
        }

        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            var critical = definition.Critical || request.ApprovalRequired;
            var received = new CommandRecord(NewCommandId(), request.Norad, target.Tenant, definition.Name, definition.Opcode, request.Argument,
                critical, _store.NextOnboardId(request.Norad), request.Principal, request.KeyId, null, now, now + expiresIn,
                critical ? CommandState.AwaitingApproval : CommandState.Queued, null, null, null, null, null, null, null, null);
            var argumentText = request.Argument.Length == 0 ? "no argument" : "argument " + Convert.ToHexString(request.Argument);
            _store.Insert(received,
            [
                new CommandEvent(CommandState.Received, now, request.Principal,
                    string.Create(CultureInfo.InvariantCulture, $"{definition.Name} (opcode 0x{definition.Opcode:X2}, {argumentText}) for {request.Norad}, on-board id {received.OnboardId}, expires {received.ExpiresAt:O}; authorised by IAM (key {request.KeyId})")),
                critical
                    ? new CommandEvent(CommandState.AwaitingApproval, now, "core", "critical: waits for a second principal's approval (two-person rule)")
                    : new CommandEvent(CommandState.Queued, now, "core", "queued for the satellite's next contact"),
            ]);
            Track(received);
            Changed?.Invoke(this, received);
            ProcessDue(now);
            return new CommandOutcome(CommandOutcomeKind.Ok, _open.GetValueOrDefault(received.CommandId) ?? _store.Find(received.CommandId));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Approves a critical command; the approver must differ from the sender.</summary>
    public async Task<CommandOutcome> ApproveAsync(string commandId, string tenant, string approver, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var record = FindOpen(commandId, tenant);
            if (record is null)
            {
                return Existing(commandId, tenant) is { } final
                    ? new CommandOutcome(CommandOutcomeKind.Conflict, final, "commandId", $"the command is {final.State}, not awaiting approval.")
                    : new CommandOutcome(CommandOutcomeKind.NotFound, null);
            }

            if (record.State != CommandState.AwaitingApproval)
            {
                return new CommandOutcome(CommandOutcomeKind.Conflict, record, "commandId", $"the command is {record.State}, not awaiting approval.");
            }

            if (string.Equals(record.SentBy, approver, StringComparison.Ordinal))
            {
                return new CommandOutcome(CommandOutcomeKind.Conflict, record, "approver",
                    $"{approver} sent this command and cannot approve it: a second principal must.");
            }

            var now = _time.GetUtcNow();
            var approved = Change(record with { ApprovedBy = approver, State = CommandState.Queued },
                new CommandEvent(CommandState.Queued, now, approver, "approved; queued for the satellite's next contact"));
            ProcessDue(now);
            return new CommandOutcome(CommandOutcomeKind.Ok, _open.GetValueOrDefault(commandId) ?? approved);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Cancels a command that has not been released to a station yet.</summary>
    public async Task<CommandOutcome> CancelAsync(string commandId, string tenant, string principal, string reason, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var record = FindOpen(commandId, tenant);
            if (record is null)
            {
                return Existing(commandId, tenant) is { } final
                    ? new CommandOutcome(CommandOutcomeKind.Conflict, final, "commandId", $"the command is already {final.State}.")
                    : new CommandOutcome(CommandOutcomeKind.NotFound, null);
            }

            if (record.State is CommandState.Released or CommandState.Sent)
            {
                return new CommandOutcome(CommandOutcomeKind.Conflict, record, "commandId",
                    $"the command is {record.State} to station {record.Station} for pass {record.PassId}: it can no longer be withdrawn.");
            }

            var now = _time.GetUtcNow();
            var cancelled = Change(record with { State = CommandState.Cancelled, Reason = reason },
                new CommandEvent(CommandState.Cancelled, now, principal, "cancelled: " + reason));
            ProcessDue(now);
            return new CommandOutcome(CommandOutcomeKind.Ok, cancelled);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Holds (no releases) or releases a satellite's queue; persisted.</summary>
    public async Task SetHeldAsync(NoradId norad, bool held, string principal, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            _store.SetHeld(norad, held);
            var now = _time.GetUtcNow();
            if (held ? _held.Add(norad.Value) : _held.Remove(norad.Value))
            {
                foreach (var record in _open.Values.Where(r => r.Norad == norad && r.State is CommandState.Queued or CommandState.AwaitingApproval).ToArray())
                {
                    _store.Update(record, [new CommandEvent(record.State, now, principal, held ? "queue held" : "queue released")]);
                }
            }

            ProcessDue(now);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>True when the satellite's queue is held.</summary>
    public bool IsHeld(NoradId norad)
    {
        lock (_held)
        {
            return _held.Contains(norad.Value);
        }
    }

    /// <summary>The command (of <paramref name="tenant"/>), or null.</summary>
    public CommandRecord? Find(string commandId, string tenant) => Existing(commandId, tenant);

    /// <summary>The command's history, oldest first.</summary>
    public IReadOnlyList<CommandEvent> History(string commandId) => _store.History(commandId);

    /// <summary>The tenant's commands, newest first.</summary>
    public IReadOnlyList<CommandRecord> List(string tenant, NoradId? norad, CommandState? state, int limit) => _store.List(tenant, norad, state, limit);

    /// <summary>Applies an edge acknowledgement (from <c>gs/v1/stations/+/commands/acks</c>).</summary>
    public async Task OnAckAsync(CommandAck ack, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ack);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            var by = "station:" + ack.Station.Value;
            if (!_open.TryGetValue(ack.CommandId, out var record))
            {
                if (_store.Find(ack.CommandId) is { } closed)
                {
                    _store.Update(closed, [new CommandEvent(closed.State, now, by, $"late acknowledgement {ack.Stage}{Because(ack.Reason)} (ignored: the command is {closed.State})")]);
                }
                else
                {
                    LogUnknownAck(ack.CommandId, ack.Station.Value);
                }

                return;
            }

            if (!string.Equals(record.Station, ack.Station.Value, StringComparison.Ordinal))
            {
                _store.Update(record, [new CommandEvent(record.State, now, by,
                    $"acknowledgement {ack.Stage} ignored: the command was released to {record.Station ?? "no station"}")]);
                return;
            }

            switch (ack.Stage)
            {
                case Messaging.Contracts.CommandStage.Queued:
                case Messaging.Contracts.CommandStage.Released:
                    _store.Update(record, [new CommandEvent(record.State, now, by,
                        ack.Stage == Messaging.Contracts.CommandStage.Queued ? "station verified and queued it for its pass" : "station handed it to the TNC")]);
                    break;
                case Messaging.Contracts.CommandStage.Sent:
                    MarkSent(record, now, by, $"transmitted at {ack.At:O}");
                    break;
                case Messaging.Contracts.CommandStage.Failed:
                    OnEdgeFailed(record, ack, now, by);
                    break;
            }

            ProcessDue(now);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The verifier: a housekeeping frame whose last command id is a released or sent command's on-board id settles it.</summary>
    public async ValueTask OnDecodedAsync(NoradId norad, DecodedFrame frame, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Find(SimHousekeepingDecoder.Names.LastCommandId) is not { } lastId || lastId.Value is < 1 or > ushort.MaxValue ||
            !_awaitingVerification.ContainsKey((norad.Value, (ushort)lastId.Value)))
        {
            return;
        }

        var result = (int)(frame.Find(SimHousekeepingDecoder.Names.LastCommandResult)?.Value ?? 0);
        if (result == 0)
        {
            return;
        }

        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (!_awaitingVerification.TryGetValue((norad.Value, (ushort)lastId.Value), out var commandId) || !_open.TryGetValue(commandId, out var record))
            {
                return;
            }

            var now = _time.GetUtcNow();
            var evidence = $"housekeeping frame {frame.FrameId} (sampled {frame.SampledAt:O}) reports on-board id {record.OnboardId}";
            if (result == 1)
            {
                Change(record with { State = CommandState.Verified, Reason = null }, new CommandEvent(CommandState.Verified, now, "verifier", evidence + " executed"));
            }
            else
            {
                var reason = "rejected on board: " + ResultName(result);
                Change(record with { State = CommandState.Failed, Reason = reason }, new CommandEvent(CommandState.Failed, now, "verifier", $"{evidence}: {reason}"));
            }

            ProcessDue(now);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs what is due now (releases, expiries, verification timeouts); the timer calls it, so do tests and hosts.</summary>
    public async Task ProcessDueAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ProcessDue(_time.GetUtcNow());
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _windows.Changed -= OnWindowsChanged;
        await _timer.DisposeAsync().ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _gate.WaitAsync().ConfigureAwait(false);
        _gate.Release();
        _stopping.Dispose();
    }

    // ---- state machine (called under _gate) ----

    private void ProcessDue(DateTimeOffset now)
    {
        var windowsChanged = _windowsChanged;
        _windowsChanged = false;
        DateTimeOffset? nextDue = null;
        void Due(DateTimeOffset at) => nextDue = nextDue is { } n && n <= at ? n : at;

        foreach (var record in _open.Values.OrderBy(r => r.ReceivedAt).ThenBy(r => r.CommandId, StringComparer.Ordinal).ToArray())
        {
            switch (record.State)
            {
                case CommandState.AwaitingApproval:
                    if (now >= record.ExpiresAt)
                    {
                        Change(record with { State = CommandState.Expired, Reason = "not approved before expiry" },
                            new CommandEvent(CommandState.Expired, now, "core", "expired while awaiting approval"));
                    }
                    else
                    {
                        Due(record.ExpiresAt);
                    }

                    break;
                case CommandState.Queued:
                    ProcessQueued(record, now, Due);
                    break;
                case CommandState.Released:
                    if (windowsChanged && !StillPlanned(record))
                    {
                        Requeue(record, now, "core", $"contact {record.PassId} is no longer planned");
                        ProcessQueued(_open[record.CommandId], now, Due);
                        break;
                    }

                    var sentBy = record.WindowLos!.Value + _options.VerificationWindow;
                    if (now >= sentBy)
                    {
                        Change(record with { State = CommandState.Failed, Reason = "not sent: no acknowledgement from the station" },
                            new CommandEvent(CommandState.Failed, now, "core",
                                $"station {record.Station} reported no transmission by LOS {record.WindowLos:O} + the verification window"));
                    }
                    else
                    {
                        Due(sentBy);
                    }

                    break;
                case CommandState.Sent:
                    var deadline = record.SentAt!.Value + _options.VerificationWindow;
                    if (now >= deadline)
                    {
                        Change(record with { State = CommandState.Failed, Reason = "verification timeout" },
                            new CommandEvent(CommandState.Failed, now, "verifier",
                                $"no housekeeping reported on-board id {record.OnboardId} within {_options.VerificationWindow} of Sent"));
                    }
                    else
                    {
                        Due(deadline);
                    }

                    break;
            }
        }

        _timer.Change(nextDue is { } due ? Max(due - now, TimeSpan.Zero) : Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    private void ProcessQueued(CommandRecord record, DateTimeOffset now, Action<DateTimeOffset> due)
    {
        if (now >= record.ExpiresAt)
        {
            Change(record with { State = CommandState.Expired, Reason = "no contact before expiry" },
                new CommandEvent(CommandState.Expired, now, "core", "expired in the queue"));
            return;
        }

        due(record.ExpiresAt);
        bool held;
        lock (_held)
        {
            held = _held.Contains(record.Norad.Value);
        }

        if (held)
        {
            return;
        }

        var window = NextWindow(record, now);
        if (window is null)
        {
            return;
        }

        var releaseAt = window.Aos - _options.ReleaseLead;
        if (now < releaseAt)
        {
            due(releaseAt);
            return;
        }

        Release(record, window, now);
    }

    private CommandWindow? NextWindow(CommandRecord record, DateTimeOffset now)
    {
        _refusedPasses.TryGetValue(record.CommandId, out var refused);
        var after = now;
        for (var i = 0; i < 64; i++)
        {
            var window = _windows.Next(record.Norad, after);
            if (window is null || window.Aos >= record.ExpiresAt)
            {
                return null;
            }

            if (window.Los - now >= _options.MinimumUplinkTime && (refused is null || !refused.Contains(window.PassId.Value)))
            {
                return window;
            }

            after = window.Los;
        }

        return null;
    }

    private bool StillPlanned(CommandRecord record)
    {
        var aos = record.WindowAos!.Value;
        for (var window = _windows.Next(record.Norad, aos - TimeSpan.FromMilliseconds(1)); window is not null && window.Aos <= aos;
             window = _windows.Next(record.Norad, window.Los))
        {
            if (string.Equals(window.PassId.Value, record.PassId, StringComparison.Ordinal) && window.Station.Value == record.Station)
            {
                return true;
            }
        }

        return false;
    }

    private void Release(CommandRecord record, CommandWindow window, DateTimeOffset now)
    {
        var target = _targets.Find(record.Norad);
        if (target is null)
        {
            Change(record with { State = CommandState.Failed, Reason = "satellite no longer registered" },
                new CommandEvent(CommandState.Failed, now, "core", $"satellite {record.Norad} is no longer registered"));
            return;
        }

        byte[] payload;
        try
        {
            payload = TelecommandFrames.Frame(target.Callsign, window.StationCallsign, record.OnboardId, record.Opcode, record.Argument);
        }
        catch (FormatException error)
        {
            Change(record with { State = CommandState.Failed, Reason = error.Message },
                new CommandEvent(CommandState.Failed, now, "core", "cannot address the telecommand: " + error.Message));
            return;
        }

        var expiresAt = record.ExpiresAt < window.Los ? record.ExpiresAt : window.Los;
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var telecommand = new Telecommand(Telecommand.CurrentVersion, record.CommandId, window.Station, window.PassId.Value, record.Norad.Value, nonce,
            now, expiresAt, payload, new IamDecision($"{record.SenderKeyId}/{record.CommandId}", record.SentBy, record.ApprovedBy, record.ReceivedAt));
        var envelope = GroundStationMessages.Encode(_key.Sign(telecommand));
        var released = Change(
            record with
            {
                State = CommandState.Released,
                PassId = window.PassId.Value,
                Station = window.Station.Value,
                WindowAos = window.Aos,
                WindowLos = window.Los,
                ReleasedAt = now,
                Envelope = envelope,
            },
            new CommandEvent(CommandState.Released, now, "core",
                $"signed ({_key.KeyId}, nonce {nonce}, expires {expiresAt:O}) and published to station {window.Station} for pass {window.PassId} (AOS {window.Aos:O}, LOS {window.Los:O})"));
        _ = PublishAsync(released);
    }

    private async Task PublishAsync(CommandRecord record)
    {
        try
        {
            var envelope = GroundStationMessages.Decode<SignedEnvelope>(record.Envelope);
            await _publisher.PublishAsync(StationId.Parse(record.Station!), envelope, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down: the next start re-publishes released commands.
        }
#pragma warning disable CA1031 // The command stays Released; its LOS deadline fails it if the station never got it.
        catch (Exception error)
#pragma warning restore CA1031
        {
            LogPublishFailed(error, record.CommandId, record.Station!);
        }
    }

    private void MarkSent(CommandRecord record, DateTimeOffset now, string by, string detail)
    {
        if (record.State != CommandState.Released)
        {
            _store.Update(record, [new CommandEvent(record.State, now, by, "sent: " + detail)]);
            return;
        }

        Change(record with { State = CommandState.Sent, SentAt = now }, new CommandEvent(CommandState.Sent, now, by, detail));
    }

    private void OnEdgeFailed(CommandRecord record, CommandAck ack, DateTimeOffset now, string by)
    {
        var reason = ack.Reason ?? "no reason given";
        if (reason.Contains("replayed", StringComparison.OrdinalIgnoreCase))
        {
            // A re-publish after a core restart reaches a station that already had the command: nothing changed.
            _store.Update(record, [new CommandEvent(record.State, now, by, "duplicate delivery refused as replayed (ignored)")]);
            return;
        }

        if (reason.Contains("uncertain", StringComparison.OrdinalIgnoreCase))
        {
            MarkSent(record, now, by, $"station restarted and may have transmitted it ({reason}); the verifier decides");
            return;
        }

        // The telecommand expires at its window's LOS: "expired" while the command itself is still valid means the window passed.
        var windowGone = reason.Contains("window-passed", StringComparison.OrdinalIgnoreCase) || reason.Contains("window passed", StringComparison.OrdinalIgnoreCase) ||
                         reason.Contains("unknown-pass", StringComparison.OrdinalIgnoreCase) || reason.Contains("unknown pass", StringComparison.OrdinalIgnoreCase) ||
                         (reason.Contains("expired", StringComparison.OrdinalIgnoreCase) && now < record.ExpiresAt);
        if (record.State == CommandState.Released && windowGone)
        {
            if (!_refusedPasses.TryGetValue(record.CommandId, out var refused))
            {
                _refusedPasses[record.CommandId] = refused = new HashSet<string>(StringComparer.Ordinal);
            }

            refused.Add(record.PassId!);
            Requeue(record, now, by, $"station refused it ({reason})");
            return;
        }

        Change(record with { State = CommandState.Failed, Reason = $"refused by station {ack.Station}: {reason}" },
            new CommandEvent(CommandState.Failed, now, by, "refused: " + reason));
    }

    private void Requeue(CommandRecord record, DateTimeOffset now, string by, string why) =>
        Change(record with { State = CommandState.Queued, PassId = null, Station = null, WindowAos = null, WindowLos = null, ReleasedAt = null, Envelope = null },
            new CommandEvent(CommandState.Queued, now, by, why + "; re-queued for the next contact"));

    private CommandRecord Change(CommandRecord record, CommandEvent entry)
    {
        _store.Update(record, [entry]);
        Track(record);
        Changed?.Invoke(this, record);
        return record;
    }

    private void Track(CommandRecord record)
    {
        if (_open.TryGetValue(record.CommandId, out var previous))
        {
            _awaitingVerification.TryRemove(new KeyValuePair<(int, ushort), string>((previous.Norad.Value, previous.OnboardId), previous.CommandId));
        }

        if (record.IsFinal)
        {
            _open.Remove(record.CommandId);
            _refusedPasses.Remove(record.CommandId);
            return;
        }

        _open[record.CommandId] = record;
        if (record.State is CommandState.Released or CommandState.Sent)
        {
            _awaitingVerification[(record.Norad.Value, record.OnboardId)] = record.CommandId;
        }
    }

    private CommandRecord? FindOpen(string commandId, string tenant) =>
        _open.TryGetValue(commandId, out var record) && string.Equals(record.Tenant, tenant, StringComparison.Ordinal) ? record : null;

    private CommandRecord? Existing(string commandId, string tenant) =>
        _store.Find(commandId) is { } record && string.Equals(record.Tenant, tenant, StringComparison.Ordinal) ? record : null;

    private async Task RecoverAsync(IReadOnlyList<string> released)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            // Only what was released before the restart: a command released since then went out already.
            foreach (var record in released.Select(id => _open.GetValueOrDefault(id))
                         .Where(r => r is { State: CommandState.Released, Envelope: not null } && r.WindowLos > now).ToArray())
            {
                _store.Update(record!, [new CommandEvent(record!.State, now, "core", "re-published after a core restart (the station refuses a duplicate by its nonce)")]);
                _ = PublishAsync(record);
            }

            ProcessDue(now);
        }
#pragma warning disable CA1031 // Recovery problems are logged; the timer retries the due work.
        catch (Exception error)
#pragma warning restore CA1031
        {
            LogTickFailed(error);
        }
        finally
        {
            _gate.Release();
        }
    }

    private void OnTimer()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            _ = Task.Run(TickAsync);
        }
    }

    private void OnWindowsChanged(object? sender, EventArgs e)
    {
        _ = Task.Run(async () =>
        {
            await _gate.WaitAsync().ConfigureAwait(false);
            try
            {
                _windowsChanged = true;
                ProcessDue(_time.GetUtcNow());
            }
#pragma warning disable CA1031 // An event handler must not throw into the schedule's raiser.
            catch (Exception error)
#pragma warning restore CA1031
            {
                LogTickFailed(error);
            }
            finally
            {
                _gate.Release();
            }
        });
    }

    private async Task TickAsync()
    {
        try
        {
            await ProcessDueAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (ObjectDisposedException) when (Volatile.Read(ref _disposed) != 0)
        {
            // Stopping.
        }
#pragma warning disable CA1031 // A failed tick is logged; the store keeps the state and the next change re-arms the timer.
        catch (Exception error)
#pragma warning restore CA1031
        {
            LogTickFailed(error);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string Because(string? reason) => reason is null ? "" : $" ({reason})";

    private static string ResultName(int result) => result switch
    {
        2 => "unknown opcode",
        3 => "bad argument",
        4 => "malformed",
        _ => string.Create(CultureInfo.InvariantCulture, $"result {result}"),
    };

    private static string NewCommandId()
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        Span<byte> random = stackalloc byte[12];
        RandomNumberGenerator.Fill(random);
        Span<char> id = stackalloc char[12];
        for (var i = 0; i < id.Length; i++)
        {
            id[i] = alphabet[random[i] & 31];
        }

        return "cmd-" + new string(id);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Commanding: acknowledgement for unknown command {CommandId} from station {Station}")]
    private partial void LogUnknownAck(string commandId, string station);

    [LoggerMessage(Level = LogLevel.Error, Message = "Commanding: publishing command {CommandId} to station {Station} failed")]
    private partial void LogPublishFailed(Exception error, string commandId, string station);

    [LoggerMessage(Level = LogLevel.Error, Message = "Commanding: processing due commands failed")]
    private partial void LogTickFailed(Exception error);
}
