using Microsoft.Extensions.Logging;

namespace GroundStation.Hardware.Rotators;

/// <summary>
/// The one gate every driver passes a commanded position through: clamps it to the mechanical limits and logs when
/// it had to, so that a bad track or a wrong configuration shows up in the log instead of at the end stop.
/// </summary>
internal sealed partial class RotatorCommandGuard(RotatorLimits limits, ILogger logger)
{
    public RotatorLimits Limits { get; } = limits ?? throw new ArgumentNullException(nameof(limits));

    public RotatorPosition Apply(RotatorPosition requested)
    {
        var clamped = Limits.Clamp(requested);
        if (clamped != requested)
        {
            LogClamped(logger, requested, clamped, Limits);
        }

        return clamped;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Rotator command {Requested} is outside the mechanical limits ({Limits}); sending {Clamped} instead")]
    private static partial void LogClamped(ILogger logger, RotatorPosition requested, RotatorPosition clamped, RotatorLimits limits);
}
