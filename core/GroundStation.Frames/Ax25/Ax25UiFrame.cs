namespace GroundStation.Frames.Ax25;

/// <summary>How the command/response bits of the destination and source addresses are set (AX.25 2.x section 6.1.2).</summary>
public enum Ax25CommandResponse
{
    /// <summary>A command: destination C bit 1, source C bit 0.</summary>
    Command,

    /// <summary>A response: destination C bit 0, source C bit 1.</summary>
    Response,

    /// <summary>Both C bits equal, as AX.25 version 1 sent them.</summary>
    Legacy,
}

/// <summary>Whether an AX.25 frame carries its two-byte frame check sequence.</summary>
public enum Ax25Fcs
{
    /// <summary>No FCS: the form KISS carries (the TNC adds and checks the FCS on the air).</summary>
    Absent,

    /// <summary>The CRC-16/X.25 FCS follows the info field, low byte first.</summary>
    Present,
}

/// <summary>A digipeater in the address field, with the has-been-repeated (H) bit.</summary>
/// <param name="Address">The digipeater's address.</param>
/// <param name="HasBeenRepeated">True once this digipeater has repeated the frame.</param>
public sealed record Ax25Digipeater(Ax25Address Address, bool HasBeenRepeated = false);

/// <summary>An AX.25 unnumbered-information (UI) frame: the datagram that satellites use for beacons and commands.</summary>
public sealed record Ax25UiFrame
{
    /// <summary>The most digipeaters this implementation carries (as APRS and AX.25 2.2 practice).</summary>
    public const int MaxDigipeaters = 2;

    /// <summary>AX.25's default maximum info field length (N1).</summary>
    public const int DefaultMaxInfoLength = 256;

    /// <summary>Protocol id "no layer 3", the PID of satellite beacons and APRS.</summary>
    public const byte NoLayer3Pid = 0xF0;

    /// <summary>Creates a UI frame; throws when more than <see cref="MaxDigipeaters"/> digipeaters are given.</summary>
    public Ax25UiFrame(Ax25Address destination, Ax25Address source, ReadOnlyMemory<byte> info,
        IReadOnlyList<Ax25Digipeater>? digipeaters = null, byte pid = NoLayer3Pid,
        Ax25CommandResponse commandResponse = Ax25CommandResponse.Command, bool pollFinal = false)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(source);
        digipeaters ??= [];
        if (digipeaters.Count > MaxDigipeaters)
        {
            throw new ArgumentException($"At most {MaxDigipeaters} digipeaters; {digipeaters.Count} given.", nameof(digipeaters));
        }

        Destination = destination;
        Source = source;
        Info = info;
        Digipeaters = digipeaters;
        Pid = pid;
        CommandResponse = commandResponse;
        PollFinal = pollFinal;
    }

    /// <summary>The addressee (for a beacon, often a fixed word such as CQ or a telemetry tag).</summary>
    public Ax25Address Destination { get; }

    /// <summary>The sender.</summary>
    public Ax25Address Source { get; }

    /// <summary>The digipeater path, 0-2 entries.</summary>
    public IReadOnlyList<Ax25Digipeater> Digipeaters { get; }

    /// <summary>The protocol identifier (0xF0: no layer 3).</summary>
    public byte Pid { get; }

    /// <summary>The command/response marking of the address field.</summary>
    public Ax25CommandResponse CommandResponse { get; }

    /// <summary>The poll/final bit of the control field (0x13 instead of 0x03 when set).</summary>
    public bool PollFinal { get; }

    /// <summary>The information field.</summary>
    public ReadOnlyMemory<byte> Info { get; }

    /// <inheritdoc />
    public bool Equals(Ax25UiFrame? other) =>
        other is not null && Destination == other.Destination && Source == other.Source &&
        Digipeaters.SequenceEqual(other.Digipeaters) && Pid == other.Pid &&
        CommandResponse == other.CommandResponse && PollFinal == other.PollFinal && Info.Span.SequenceEqual(other.Info.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Destination, Source, Pid, Info.Length);

    /// <inheritdoc />
    public override string ToString() =>
        $"{Source}>{Destination}{string.Concat(Digipeaters.Select(d => "," + d.Address + (d.HasBeenRepeated ? "*" : "")))} " +
        $"UI pid=0x{Pid:X2} {Info.Length} bytes";
}
