using GroundStation.Hardware.Rotators;

namespace GroundStation.Simulators.Rotators;

/// <summary>One position command as it reached the simulated rotator, for tests to check what drivers really sent.</summary>
/// <param name="At">When it arrived (simulated time).</param>
/// <param name="Azimuth">Commanded azimuth in degrees.</param>
/// <param name="Elevation">Commanded elevation in degrees.</param>
/// <param name="Accepted">False when it lay outside the mechanical limits and was refused.</param>
public sealed record RotatorCommandRecord(DateTimeOffset At, double Azimuth, double Elevation, bool Accepted);

/// <summary>
/// A rotator that slews each axis towards its target at a fixed rate on a <see cref="TimeProvider"/>, so that a
/// scaled or manual clock runs it faster or step by step. Positions are computed on demand from elapsed time.
/// Protocol front-ends (GS-232, rotctld) translate their commands into calls on this model.
/// </summary>
public sealed class SimulatedRotator
{
    private readonly SimulatedRotatorOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly List<RotatorCommandRecord> _commands = [];
    private readonly DateTimeOffset? _stallAt;
    private double _azimuth;
    private double _elevation;
    private double _targetAzimuth;
    private double _targetElevation;
    private double _speedFraction = 1;
    private bool _stalled;
    private long _commandCount;
    private DateTimeOffset _updatedAt;

    /// <summary>Creates a rotator standing at <see cref="SimulatedRotatorOptions.Initial"/>.</summary>
    public SimulatedRotator(SimulatedRotatorOptions options, TimeProvider timeProvider)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        if (!(double.IsFinite(options.AzimuthRate) && options.AzimuthRate > 0 && double.IsFinite(options.ElevationRate) && options.ElevationRate > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Slew rates must be finite and above zero.");
        }

        if (options.FaultEvery < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.FaultEvery, "FaultEvery is 0 (never) or a positive count.");
        }

        _updatedAt = _time.GetUtcNow();
        _stallAt = options.StallAfter is { } after ? _updatedAt + after : null;
        var initial = options.Limits.Clamp(options.Initial);
        (_azimuth, _elevation) = (initial.Azimuth.Degrees, initial.Elevation.Degrees);
        (_targetAzimuth, _targetElevation) = (_azimuth, _elevation);
    }

    /// <summary>The mechanical limits.</summary>
    public RotatorLimits Limits => _options.Limits;

    /// <summary>Where the rotator points now.</summary>
    public RotatorPosition Position
    {
        get
        {
            lock (_gate)
            {
                Advance();
                return RotatorPosition.FromDegrees(_azimuth, _elevation);
            }
        }
    }

    /// <summary>Where the rotator is heading.</summary>
    public RotatorPosition Target
    {
        get
        {
            lock (_gate)
            {
                return RotatorPosition.FromDegrees(_targetAzimuth, _targetElevation);
            }
        }
    }

    /// <summary>True while a stall is injected (or has begun after <see cref="SimulatedRotatorOptions.StallAfter"/>).</summary>
    public bool IsStalled
    {
        get
        {
            lock (_gate)
            {
                return _stalled || (_stallAt is { } at && _time.GetUtcNow() >= at);
            }
        }
    }

    /// <summary>Every position command received, in order.</summary>
    public IReadOnlyList<RotatorCommandRecord> Commands
    {
        get
        {
            lock (_gate)
            {
                return [.. _commands];
            }
        }
    }

    /// <summary>Sends the rotator towards the given angles; refused (false) outside the limits or when not finite.</summary>
    public bool Command(double azimuth, double elevation)
    {
        lock (_gate)
        {
            Advance();
            var accepted = double.IsFinite(azimuth) && double.IsFinite(elevation) &&
                           _options.Limits.Contains(RotatorPosition.FromDegrees(azimuth, elevation));
            _commands.Add(new RotatorCommandRecord(_updatedAt, azimuth, elevation, accepted));
            if (accepted)
            {
                (_targetAzimuth, _targetElevation) = (azimuth, elevation);
            }

            return accepted;
        }
    }

    /// <summary>Stops both axes where they are.</summary>
    public void Stop() => StopAxes(azimuth: true, elevation: true);

    /// <summary>Stops the chosen axes where they are.</summary>
    public void StopAxes(bool azimuth, bool elevation)
    {
        lock (_gate)
        {
            Advance();
            if (azimuth)
            {
                _targetAzimuth = _azimuth;
            }

            if (elevation)
            {
                _targetElevation = _elevation;
            }
        }
    }

    /// <summary>Sends the rotator to its park position.</summary>
    public bool Park() => Command(_options.Park.Azimuth.Degrees, _options.Park.Elevation.Degrees);

    /// <summary>Starts a manual move towards a limit: azimuth up/down (+1/-1) or elevation up/down (+1/-1), or 0 to leave an axis.</summary>
    public void Move(int azimuthDirection, int elevationDirection)
    {
        lock (_gate)
        {
            Advance();
            if (azimuthDirection != 0)
            {
                _targetAzimuth = azimuthDirection > 0 ? _options.Limits.MaxAzimuth.Degrees : _options.Limits.MinAzimuth.Degrees;
            }

            if (elevationDirection != 0)
            {
                _targetElevation = elevationDirection > 0 ? _options.Limits.MaxElevation.Degrees : _options.Limits.MinElevation.Degrees;
            }
        }
    }

    /// <summary>Sets the speed as a fraction (0..1] of the full slew rates (GS-232 X1..X4).</summary>
    public void SetSpeedFraction(double fraction)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1);
        lock (_gate)
        {
            Advance();
            _speedFraction = fraction;
        }
    }

    /// <summary>Freezes both axes from now on, as a jammed rotator.</summary>
    public void InjectStall()
    {
        lock (_gate)
        {
            Advance();
            _stalled = true;
        }
    }

    /// <summary>Counts a protocol command and says whether fault injection wants it answered with an error.</summary>
    public bool NextCommandFaults()
    {
        lock (_gate)
        {
            _commandCount++;
            return _options.FaultEvery > 0 && _commandCount % _options.FaultEvery == 0;
        }
    }

    // Moves both axes for the time since the last update, up to the stall instant if one is scheduled.
    private void Advance()
    {
        var now = _time.GetUtcNow();
        var end = _stallAt is { } stallAt && stallAt < now ? stallAt : now;
        if (!_stalled && end > _updatedAt)
        {
            var seconds = (end - _updatedAt).TotalSeconds * _speedFraction;
            _azimuth = Step(_azimuth, _targetAzimuth, _options.AzimuthRate * seconds);
            _elevation = Step(_elevation, _targetElevation, _options.ElevationRate * seconds);
        }

        if (now > _updatedAt)
        {
            _updatedAt = now;
        }
    }

    private static double Step(double from, double to, double maximum) =>
        Math.Abs(to - from) <= maximum ? to : from + Math.CopySign(maximum, to - from);
}
