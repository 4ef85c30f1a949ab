namespace GroundStation.Hardware.Rotators;

/// <summary>When a rotator that is commanded but not moving counts as stalled.</summary>
public sealed record StallDetectionOptions
{
    private readonly TimeSpan _stallTimeout = TimeSpan.FromSeconds(10);
    private readonly double _arrivalTolerance = 2;
    private readonly double _minimumProgress = 1;
    private readonly TimeSpan _pollInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long the rotator may make no progress towards its target before it is reported stalled.</summary>
    public TimeSpan StallTimeout
    {
        get => _stallTimeout;
        init => _stallTimeout = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(StallTimeout), value, "Must be positive.");
    }

    /// <summary>Degrees (on either axis) within which the rotator counts as on target: GS-232 reports whole degrees.</summary>
    public double ArrivalTolerance
    {
        get => _arrivalTolerance;
        init => _arrivalTolerance = double.IsFinite(value) && value >= 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(ArrivalTolerance), value, "Must be a finite number of degrees, zero or more.");
    }

    /// <summary>Degrees of movement that count as progress; less is noise in the position readout.</summary>
    public double MinimumProgress
    {
        get => _minimumProgress;
        init => _minimumProgress = double.IsFinite(value) && value > 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MinimumProgress), value, "Must be a finite number of degrees above zero.");
    }

    /// <summary>How often <see cref="RotatorSupervisor.RunAsync"/> reads the position.</summary>
    public TimeSpan PollInterval
    {
        get => _pollInterval;
        init => _pollInterval = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(PollInterval), value, "Must be positive.");
    }
}
