namespace GroundStation.Hardware.Rotators;

/// <summary>How a <see cref="Gs232Rotator"/> talks to its controller.</summary>
public sealed record Gs232Options
{
    /// <summary>The controller's dialect.</summary>
    public Gs232Dialect Dialect { get; init; } = Gs232Dialect.B;

    /// <summary>How long a position query may wait for its reply.</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a command without data (W, S) waits for the controller's CR acknowledgement or its <c>?&gt;</c> refusal.
    /// Some controllers send nothing; silence within this window counts as accepted.
    /// </summary>
    public TimeSpan AcknowledgeTimeout { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Where <see cref="IRotator.ParkAsync"/> sends the rotator; GS-232 has no park command of its own.</summary>
    public RotatorPosition ParkPosition { get; init; } = RotatorPosition.FromDegrees(0, 0);
}
