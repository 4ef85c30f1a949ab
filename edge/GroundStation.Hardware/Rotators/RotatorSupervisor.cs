using Microsoft.Extensions.Logging;

namespace GroundStation.Hardware.Rotators;

/// <summary>
/// A watchdog around a rotator: it remembers the commanded target, compares it with the reported positions over time
/// (on a <see cref="TimeProvider"/>), and reports a stall when the rotator makes no progress towards its target for
/// <see cref="StallDetectionOptions.StallTimeout"/>: a jammed gear, a tripped controller, a frozen bearing.
/// It is itself an <see cref="IRotator"/>, so the edge agent drives the rotator through it.
/// </summary>
public sealed partial class RotatorSupervisor : IRotator
{
    private readonly IRotator _inner;
    private readonly StallDetectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private RotatorPosition? _target;
    private RotatorPosition? _reference;
    private DateTimeOffset _lastProgressAt;
    private bool _stallReported;

    /// <summary>Supervises <paramref name="inner"/>.</summary>
    public RotatorSupervisor(IRotator inner, StallDetectionOptions options, TimeProvider timeProvider, ILogger<RotatorSupervisor> logger)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Raised once per stall, when it is detected.</summary>
    public event Action<RotatorStall>? Stalled;

    /// <summary>The latest conclusion.</summary>
    public RotatorMotion Motion { get; private set; } = RotatorMotion.Idle;

    /// <inheritdoc />
    public RotatorLimits Limits => _inner.Limits;

    /// <inheritdoc />
    public async Task<RotatorPosition> SetPositionAsync(RotatorPosition target, CancellationToken cancellationToken = default)
    {
        var sent = await _inner.SetPositionAsync(target, cancellationToken);
        lock (_gate)
        {
            // A target restarts the stall clock only when the rotator was at rest. While it is (supposed to be) moving,
            // a tracker keeps sending fresh targets every few seconds, and those must not hide a stall.
            if (Motion is RotatorMotion.Idle or RotatorMotion.OnTarget)
            {
                _lastProgressAt = _time.GetUtcNow();
                _reference = null;
                _stallReported = false;
                Motion = RotatorMotion.Moving;
            }

            _target = sent;
        }

        return sent;
    }

    /// <inheritdoc />
    public async Task<RotatorPosition> GetPositionAsync(CancellationToken cancellationToken = default)
    {
        var position = await _inner.GetPositionAsync(cancellationToken);
        Observe(position);
        return position;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _inner.StopAsync(cancellationToken);
        Forget();
    }

    /// <inheritdoc />
    public async Task ParkAsync(CancellationToken cancellationToken = default)
    {
        await _inner.ParkAsync(cancellationToken);
        // The park position belongs to the driver or daemon; supervision resumes with the next target.
        Forget();
    }

    /// <summary>Reads the position once and updates <see cref="Motion"/>; raises <see cref="Stalled"/> on a new stall.</summary>
    public async Task<RotatorMotion> CheckAsync(CancellationToken cancellationToken = default)
    {
        await GetPositionAsync(cancellationToken);
        return Motion;
    }

    /// <summary>Checks every <see cref="StallDetectionOptions.PollInterval"/> until cancelled. Read failures are logged and retried.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.PollInterval, _time, cancellationToken);
                await CheckAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (RotatorException ex)
            {
                LogReadFailed(_logger, ex);
            }
        }
    }

    private void Observe(RotatorPosition position)
    {
        RotatorStall? stall = null;
        lock (_gate)
        {
            if (_target is not { } target)
            {
                Motion = RotatorMotion.Idle;
                return;
            }

            var now = _time.GetUtcNow();
            if (position.DistanceTo(target) <= _options.ArrivalTolerance)
            {
                Motion = RotatorMotion.OnTarget;
                _reference = position;
                _lastProgressAt = now;
                _stallReported = false;
                return;
            }

            if (_reference is not { } reference)
            {
                // The first reading after a command is the baseline; the clock has run since the command.
                _reference = position;
            }
            else if (position.DistanceTo(reference) >= _options.MinimumProgress)
            {
                _reference = position;
                _lastProgressAt = now;
                _stallReported = false;
            }

            Motion = RotatorMotion.Moving;
            if (now - _lastProgressAt >= _options.StallTimeout)
            {
                Motion = RotatorMotion.Stalled;
                if (!_stallReported)
                {
                    _stallReported = true;
                    stall = new RotatorStall(target, position, _lastProgressAt, now);
                }
            }
        }

        if (stall is not null)
        {
            LogStalled(_logger, stall.Target, stall.Position, stall.DetectedAt - stall.LastProgressAt);
            Stalled?.Invoke(stall);
        }
    }

    private void Forget()
    {
        lock (_gate)
        {
            _target = null;
            _reference = null;
            _stallReported = false;
            Motion = RotatorMotion.Idle;
        }
    }

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Rotator stalled: commanded to {Target} but stuck at {Position} for {Duration}")]
    private static partial void LogStalled(ILogger logger, RotatorPosition target, RotatorPosition position, TimeSpan duration);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rotator position read failed; supervision continues")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);
}
