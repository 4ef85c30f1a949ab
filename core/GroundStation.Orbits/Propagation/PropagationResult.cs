namespace GroundStation.Orbits.Propagation;

/// <summary>
/// The outcome of one SGP4 evaluation: a state, or the reason there is none. A failure is a normal result (a decayed
/// satellite is not exceptional), so callers branch on <see cref="IsSuccess"/> instead of catching.
/// </summary>
public readonly struct PropagationResult : IEquatable<PropagationResult>
{
    private PropagationResult(Sgp4Error error, TemeState state)
    {
        Error = error;
        State = state;
    }

    /// <summary><see cref="Sgp4Error.None"/> when <see cref="State"/> is valid.</summary>
    public Sgp4Error Error { get; }

    /// <summary>
    /// The TEME state. Valid when <see cref="IsSuccess"/>; for <see cref="Sgp4Error.Decayed"/> it holds the (sub-surface)
    /// state the model computed, as the reference does; for every other error it is zero.
    /// </summary>
    public TemeState State { get; }

    /// <summary>True when the state is valid.</summary>
    public bool IsSuccess => Error == Sgp4Error.None;

    /// <summary>A valid state.</summary>
    public static PropagationResult Success(TemeState state) => new(Sgp4Error.None, state);

    /// <summary>A failure without a state.</summary>
    public static PropagationResult Failure(Sgp4Error error) => new(error, default);

    /// <summary>A failure that still carries the state the model computed (used for <see cref="Sgp4Error.Decayed"/>).</summary>
    public static PropagationResult Failure(Sgp4Error error, TemeState state) => new(error, state);

    /// <inheritdoc />
    public bool Equals(PropagationResult other) => Error == other.Error && State.Equals(other.State);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PropagationResult other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Error, State);

    /// <summary>Value equality.</summary>
    public static bool operator ==(PropagationResult left, PropagationResult right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(PropagationResult left, PropagationResult right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => IsSuccess ? State.ToString() : $"SGP4 error {(int)Error} ({Error})";
}
