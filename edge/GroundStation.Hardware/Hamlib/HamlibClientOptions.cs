namespace GroundStation.Hardware.Hamlib;

/// <summary>How a rotctld or rigctld client talks to its daemon.</summary>
public sealed record HamlibClientOptions
{
    /// <summary>Where the daemon listens.</summary>
    public required HamlibEndpoint Endpoint { get; init; }

    /// <summary>How long one command may take, reply included, before it fails with <see cref="HamlibError.Timeout"/>.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long connecting may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
