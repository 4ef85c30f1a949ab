using GroundStation.Edge.Configuration;
using GroundStation.Edge.Health;
using GroundStation.Hardware.Hamlib;
using GroundStation.Hardware.Radios;
using GroundStation.Hardware.Rotators;
using GroundStation.Messaging.Contracts;
using Microsoft.Extensions.Logging;

namespace GroundStation.Edge.Passes;

/// <summary>The devices a pass drives.</summary>
/// <param name="Rotator">The rotator.</param>
/// <param name="RotatorLink">Its link state.</param>
/// <param name="Radio">The downlink radio, if any.</param>
/// <param name="RadioLink">Its link state.</param>
/// <param name="UplinkRadio">The uplink radio, if any.</param>
/// <param name="UplinkRadioLink">Its link state.</param>
public sealed record PassDevices(IRotator Rotator, DeviceLink RotatorLink, IRadio? Radio, DeviceLink RadioLink, IRadio? UplinkRadio, DeviceLink UplinkRadioLink);

/// <summary>The pass being executed and its state.</summary>
/// <param name="Schedule">The pass.</param>
/// <param name="State">Its current state.</param>
public sealed record ActivePass(PassSchedule Schedule, PassState State);

/// <summary>The pass that finished last and when, for frames the TNC delivers late.</summary>
internal sealed record FinishedPass(PassId Id, DateTimeOffset At);

/// <summary>
/// Runs the plan: one state machine per pass, Scheduled, PrePass, Tracking, PostPass, then Completed or Failed with a
/// reason, every transition recorded (and so published). Everything is driven by the agent's <see cref="TimeProvider"/>
/// (delays and periodic timers on it, never sleeps), so the same code runs at real time, at 60x in tests and demos,
/// and from a restart in the middle of a pass, which goes straight to Tracking. Device failures are logged and
/// retried on the next tick; they never stop the pass, because frames can still arrive while the rotator lags.
/// </summary>
public sealed partial class PassExecutor
{
    private readonly StationSettings _station;
    private readonly RotatorSettings _rotator;
    private readonly TrackingSettings _tracking;
    private readonly PassDevices _devices;
    private readonly IPassEventSink _events;
    private readonly PassHooks _hooks;
    private readonly TimeProvider _time;
    private readonly ILogger<PassExecutor> _logger;
    private IReadOnlyList<PassSchedule> _plan = [];
    private long _planVersion;
    private TaskCompletionSource _planChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ActivePass? _active;
    private FinishedPass? _lastFinished;
    private CancellationTokenSource? _activeCancellation;

    /// <summary>Creates the executor; it does nothing until <see cref="RunAsync"/>.</summary>
    public PassExecutor(StationSettings station, RotatorSettings rotator, TrackingSettings tracking, PassDevices devices,
        IPassEventSink events, PassHooks hooks, TimeProvider time, ILogger<PassExecutor> logger)
    {
        _station = station ?? throw new ArgumentNullException(nameof(station));
        _rotator = rotator ?? throw new ArgumentNullException(nameof(rotator));
        _tracking = tracking ?? throw new ArgumentNullException(nameof(tracking));
        _devices = devices ?? throw new ArgumentNullException(nameof(devices));
        _events = events ?? throw new ArgumentNullException(nameof(events));
        _hooks = hooks ?? throw new ArgumentNullException(nameof(hooks));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>The pass in PrePass, Tracking or PostPass, if any.</summary>
    public ActivePass? Active => Volatile.Read(ref _active);

    /// <summary>
    /// How long after a pass finished a frame from the TNC is still attributed to it. A TNC hands a frame over after the
    /// radio heard it (demodulation, the KISS link, a busy host), so the last frames a satellite sent before LOS can
    /// arrive after parking has ended the pass; dropping them would lose data the satellite sent in view.
    /// </summary>
    public static readonly TimeSpan LateFrameGrace = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The pass a frame arriving now belongs to: the active pass, else the pass that finished less than
    /// <see cref="LateFrameGrace"/> ago (by the pass clock), else none.
    /// </summary>
    public PassId? PassForArrivingFrame()
    {
        if (Active is { } active)
        {
            return active.Schedule.Id;
        }

        return Volatile.Read(ref _lastFinished) is { } finished && _time.GetUtcNow() - finished.At <= LateFrameGrace
            ? finished.Id
            : null;
    }

    /// <summary>The passes of the plan in force.</summary>
    public IReadOnlyList<PassSchedule> Plan => Volatile.Read(ref _plan);

    /// <summary>
    /// Puts a new plan in force. Passes not seen before are recorded as Scheduled. If the pass being executed is no
    /// longer in the plan it is stopped and recorded as Failed (cancelled by the core).
    /// </summary>
    public void SetPlan(long version, IReadOnlyList<PassSchedule> passes)
    {
        ArgumentNullException.ThrowIfNull(passes);
        var now = _time.GetUtcNow();
        foreach (var pass in passes)
        {
            if (pass.Los > now && _events.LastState(pass.Id) is null)
            {
                _events.Record(pass.Id, PassState.Scheduled, null);
            }
        }

        TaskCompletionSource changed;
        lock (_plan)
        {
            Volatile.Write(ref _plan, passes);
            _planVersion = version;
            changed = _planChanged;
            _planChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        if (Active is { } active && passes.All(p => p.Id != active.Schedule.Id))
        {
            LogCancelled(active.Schedule.Id.Value, version);
            Volatile.Read(ref _activeCancellation)?.Cancel();
        }

        changed.TrySetResult();
    }

    /// <summary>
    /// True while <paramref name="pass"/> is being tracked and the satellite is above the station's threshold (minimum
    /// elevation and horizon mask) now: the only time a telecommand for it may go up.
    /// </summary>
    public bool IsUplinkOpen(PassId pass)
    {
        if (Active is not { State: PassState.Tracking } active || active.Schedule.Id != pass)
        {
            return false;
        }

        var now = _time.GetUtcNow();
        if (now < active.Schedule.Aos || now >= active.Schedule.Los)
        {
            return false;
        }

        try
        {
            var look = active.Schedule.Track.At(now);
            return look.Elevation.Degrees >= _station.Site.ThresholdAt(look.Azimuth).Degrees;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Executes passes until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Task changed;
            IReadOnlyList<PassSchedule> plan;
            lock (_plan)
            {
                changed = _planChanged.Task;
                plan = _plan;
            }

            var now = _time.GetUtcNow();
            PassSchedule? next = null;
            foreach (var pass in plan)
            {
                var last = _events.LastState(pass.Id);
                if (last is PassState.Completed or PassState.Failed)
                {
                    continue;
                }

                if (pass.Los <= now)
                {
                    // Over while the agent was not running: say so rather than leave the core waiting.
                    _events.Record(pass.Id, PassState.Failed, last is null or PassState.Scheduled
                        ? "missed: the agent was not running during the pass"
                        : $"interrupted: the agent stopped during {last} and restarted after LOS");
                    continue;
                }

                next = pass;
                break;
            }

            try
            {
                if (next is null)
                {
                    await changed.WaitAsync(cancellationToken);
                    continue;
                }

                if (now < next.PrePassAt)
                {
                    await WaitUntilAsync(next.PrePassAt, changed, cancellationToken);
                    continue;
                }

                await ExecuteAsync(next, plan, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // The loop that runs every pass must outlive any one failure (a full disk, a broken database write):
                // log it and look at the plan again a moment later.
                LogLoopFailed(error);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task WaitUntilAsync(DateTimeOffset instant, Task changed, CancellationToken cancellationToken)
    {
        var delay = instant - _time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var waited = Task.Delay(delay, _time, stop.Token);
        await Task.WhenAny(waited, changed);
        await stop.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task ExecuteAsync(PassSchedule pass, IReadOnlyList<PassSchedule> plan, CancellationToken cancellationToken)
    {
        using var passCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Volatile.Write(ref _activeCancellation, passCancellation);
        var token = passCancellation.Token;
        string? failure = null;
        try
        {
            var last = _events.LastState(pass.Id);
            if (pass.PhaseAt(_time.GetUtcNow()) == PassPhase.PrePass)
            {
                Enter(pass, PassState.PrePass, last);
                await PrePassAsync(pass, token);
            }

            if (_time.GetUtcNow() < pass.Los)
            {
                if (last == PassState.Tracking)
                {
                    LogResumed(pass.Id.Value);
                }

                Enter(pass, PassState.Tracking, last);
                failure = await TrackAsync(pass, token);
            }

            Enter(pass, PassState.PostPass, last);
            await PostPassAsync(pass, plan, token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            failure = $"cancelled: the pass is not in plan version {Volatile.Read(ref _planVersion)}";
            await ParkAsync(CancellationToken.None);
        }
        finally
        {
            Volatile.Write(ref _activeCancellation, null);
        }

        Volatile.Write(ref _lastFinished, new FinishedPass(pass.Id, _time.GetUtcNow()));
        Volatile.Write(ref _active, null);
        if (failure is null)
        {
            _events.Record(pass.Id, PassState.Completed, null);
        }
        else
        {
            _events.Record(pass.Id, PassState.Failed, failure);
        }
    }

    private void Enter(PassSchedule pass, PassState state, PassState? lastRecorded)
    {
        Volatile.Write(ref _active, new ActivePass(pass, state));
        // After a restart the state already recorded is not recorded (and published) twice.
        if (lastRecorded != state || _events.LastState(pass.Id) != state)
        {
            _events.Record(pass.Id, state, null);
        }
    }

    private async Task PrePassAsync(PassSchedule pass, CancellationToken cancellationToken)
    {
        LogPrePass(pass.Id.Value, pass.Path.Start, pass.Path.Mode, pass.SlewTime, pass.Aos);
        if (pass.Path.CrossesStop)
        {
            LogCrossesStop(pass.Id.Value, _rotator.Limits);
        }

        // The radio first, then the rotator, both before the hook: tuning is one short exchange, and a pre-pass that
        // starts late (a slow rotator reply, a loaded host) must not leave the receiver off frequency at AOS. The
        // rotator's slew still starts before anything the hook does.
        await TuneAsync(pass, _time.GetUtcNow() < pass.Aos ? pass.Aos : _time.GetUtcNow(), setMode: true, cancellationToken);
        await CommandRotatorAsync(pass.Path.Start, cancellationToken);
        await _hooks.RunAsync(_tracking.PrePassHook, pass, "pre-pass", cancellationToken);
        var untilAos = pass.Aos - _time.GetUtcNow();
        if (untilAos > TimeSpan.Zero)
        {
            await Task.Delay(untilAos, _time, cancellationToken);
        }
    }

    private async Task<string?> TrackAsync(PassSchedule pass, CancellationToken cancellationToken)
    {
        var remaining = pass.Los - _time.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            return null;
        }

        using var untilLos = new CancellationTokenSource(remaining, _time);
        using var tracking = CancellationTokenSource.CreateLinkedTokenSource(untilLos.Token, cancellationToken);
        var controller = new TrackingController(pass, _tracking.PointingThresholdDegrees);
        var outcome = new TrackingOutcome();
        var pointing = PointLoopAsync(pass, controller, outcome, tracking.Token);
        var doppler = _devices.Radio is null && _devices.UplinkRadio is null
            ? Task.CompletedTask
            : DopplerLoopAsync(pass, tracking.Token);
        try
        {
            await Task.WhenAll(pointing, doppler);
        }
        catch (OperationCanceledException) when (untilLos.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // LOS: tracking ends here.
        }

        cancellationToken.ThrowIfCancellationRequested();

        // The LOS timer runs on the system's timer while the pass clock may be scaled or read from another source, so it
        // can fire a few milliseconds (times the speed) early; the antenna stays on the satellite until LOS itself.
        for (var early = pass.Los - _time.GetUtcNow(); early > TimeSpan.Zero; early = pass.Los - _time.GetUtcNow())
        {
            await Task.Delay(early, _time, cancellationToken);
        }

        if (outcome.PropagationError is { } error)
        {
            return $"the orbit could not be propagated: {error}";
        }

        return outcome.Sent == 0 && outcome.Failed > 0
            ? $"the rotator took no position during the pass ({outcome.Failed} commands failed: {outcome.LastError})"
            : null;
    }

    private async Task PointLoopAsync(PassSchedule pass, TrackingController controller, TrackingOutcome outcome, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_tracking.Period, _time);
        do
        {
            RotatorPosition? target;
            try
            {
                target = controller.Decide(_time.GetUtcNow());
            }
            catch (InvalidOperationException error)
            {
                outcome.PropagationError = error.Message;
                return;
            }

            if (target is { } position)
            {
                if (await CommandRotatorAsync(position, cancellationToken) is { } problem)
                {
                    controller.Reset();
                    outcome.Failed++;
                    outcome.LastError = problem;
                }
                else
                {
                    controller.Sent(position);
                    outcome.Sent++;
                }
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    private async Task DopplerLoopAsync(PassSchedule pass, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_tracking.DopplerPeriod, _time);
        do
        {
            await TuneAsync(pass, _time.GetUtcNow(), setMode: false, cancellationToken);
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    private async Task TuneAsync(PassSchedule pass, DateTimeOffset at, bool setMode, CancellationToken cancellationToken)
    {
        DopplerTuning tuning;
        try
        {
            tuning = DopplerCalculator.At(pass, at);
        }
        catch (InvalidOperationException error)
        {
            LogDopplerFailed(pass.Id.Value, error.Message);
            return;
        }

        if (_devices.Radio is { } radio)
        {
            await DeviceAsync(_devices.RadioLink, "radio", async () =>
            {
                if (setMode)
                {
                    await radio.SetModeAsync(new RadioModeSetting(new RadioMode(pass.Pass.Mode.ToUpperInvariant()), Passband.Normal), cancellationToken);
                }

                await radio.SetFrequencyAsync(tuning.Downlink, cancellationToken);
            });
        }

        if (_devices.UplinkRadio is { } uplink && tuning.Uplink is { } up)
        {
            await DeviceAsync(_devices.UplinkRadioLink, "uplink radio", () => uplink.SetFrequencyAsync(up, cancellationToken));
        }
    }

    private async Task PostPassAsync(PassSchedule pass, IReadOnlyList<PassSchedule> plan, CancellationToken cancellationToken)
    {
        // Park unless the next pass already needs the antenna: parking then would only delay its pre-positioning.
        var now = _time.GetUtcNow();
        var nextStartsNow = plan.Any(p => p.Id != pass.Id && p.Los > now && p.PrePassAt <= now);
        if (!nextStartsNow)
        {
            await ParkAsync(cancellationToken);
        }

        await _hooks.RunAsync(_tracking.PostPassHook, pass, "post-pass", cancellationToken);
    }

    private async Task ParkAsync(CancellationToken cancellationToken)
    {
        if (_rotator.Park is { } park)
        {
            await CommandRotatorAsync(park, cancellationToken);
        }
        else
        {
            await DeviceAsync(_devices.RotatorLink, "rotator", () => _devices.Rotator.ParkAsync(cancellationToken));
        }
    }

    private Task<string?> CommandRotatorAsync(RotatorPosition position, CancellationToken cancellationToken) =>
        DeviceAsync(_devices.RotatorLink, "rotator", () => _devices.Rotator.SetPositionAsync(position, cancellationToken));

    // Runs one device command; a failure is logged, marks the link down and is returned, never thrown.
    private async Task<string?> DeviceAsync(DeviceLink link, string device, Func<Task> command)
    {
        try
        {
            await command();
            link.Succeeded();
            return null;
        }
        catch (Exception error) when (error is HamlibException or IOException or TimeoutException or ArgumentException)
        {
            if (link.State != DeviceLinkState.Down)
            {
                LogDeviceFailed(device, error.Message);
            }

            link.Failed();
            return error.Message;
        }
    }

    private sealed class TrackingOutcome
    {
        public int Sent { get; set; }

        public int Failed { get; set; }

        public string? LastError { get; set; }

        public string? PropagationError { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "pass {PassId}: pre-positioning to {Position} ({Mode}, slew budget {Slew}) for AOS {Aos:O}")]
    private partial void LogPrePass(string passId, RotatorPosition position, PointingMode mode, TimeSpan slew, DateTimeOffset aos);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pass {PassId}: no path within the rotator limits {Limits} avoids a stop; the rotator will unwind during the pass")]
    private partial void LogCrossesStop(string passId, RotatorLimits limits);

    [LoggerMessage(Level = LogLevel.Error, Message = "the pass loop failed; retrying")]
    private partial void LogLoopFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "pass {PassId}: resuming tracking after a restart")]
    private partial void LogResumed(string passId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pass {PassId} is not in plan version {Version}: stopping it")]
    private partial void LogCancelled(string passId, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pass {PassId}: no Doppler tuning: {Reason}")]
    private partial void LogDopplerFailed(string passId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Device} command failed: {Reason} (further failures are not logged until it answers again)")]
    private partial void LogDeviceFailed(string device, string reason);
}
