namespace GroundStation.Frames.Framing;

/// <summary>What is wrong with a frame or packet that a strict decoder refused.</summary>
public enum FrameErrorKind
{
    /// <summary>The input ends before the structure it announces.</summary>
    Truncated,

    /// <summary>A KISS escape byte (FESC) is followed by something other than TFEND or TFESC.</summary>
    BadEscape,

    /// <summary>The frame is longer than the configured or protocol maximum.</summary>
    Oversize,

    /// <summary>A KISS command byte names a command type this decoder does not know.</summary>
    UnknownCommand,

    /// <summary>The AX.25 frame check sequence does not match the frame's contents.</summary>
    BadFcs,

    /// <summary>No address in the AX.25 address field carries the end-of-address bit.</summary>
    AddressNotTerminated,

    /// <summary>The AX.25 address field holds more digipeaters than the decoder accepts (two).</summary>
    TooManyDigipeaters,

    /// <summary>A callsign holds a character outside A-Z and 0-9, is empty, or has a space before its end.</summary>
    InvalidCallsign,

    /// <summary>The AX.25 control field is not that of a UI frame (0x03, poll/final bit ignored).</summary>
    NotUiFrame,

    /// <summary>A length field disagrees with the number of bytes actually present.</summary>
    LengthMismatch,

    /// <summary>A CCSDS version number this decoder does not implement.</summary>
    UnsupportedVersion,

    /// <summary>The CCSDS frame error control field does not match the frame's contents.</summary>
    BadFrameErrorControl,

    /// <summary>A field holds a value the protocol reserves or forbids.</summary>
    InvalidField,
}

/// <summary>
/// A decoder's refusal: what kind of problem, where in the input (byte offset; -1 when it concerns the whole input),
/// and a sentence an operator can act on.
/// </summary>
/// <param name="Kind">The kind of problem.</param>
/// <param name="Offset">Byte offset in the decoder's input where the problem was found, or -1.</param>
/// <param name="Detail">A human-readable explanation naming the field and the values involved.</param>
public sealed record FrameError(FrameErrorKind Kind, int Offset, string Detail)
{
    /// <inheritdoc />
    public override string ToString() => Offset >= 0 ? $"{Kind} at byte {Offset}: {Detail}" : $"{Kind}: {Detail}";
}

/// <summary>Thrown by the <c>...OrThrow</c> conveniences when a decoder refuses its input.</summary>
public sealed class FrameDecodeException : FormatException
{
    /// <summary>Wraps a decoder's refusal.</summary>
    public FrameDecodeException(FrameError error)
        : base(error?.ToString())
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>Creates an exception with a message only (for serializers and tooling).</summary>
    public FrameDecodeException()
        : this(new FrameError(FrameErrorKind.InvalidField, -1, "unspecified"))
    {
    }

    /// <summary>Creates an exception with a message only (for serializers and tooling).</summary>
    public FrameDecodeException(string message)
        : this(new FrameError(FrameErrorKind.InvalidField, -1, message))
    {
    }

    /// <summary>Creates an exception with a message and cause (for serializers and tooling).</summary>
    public FrameDecodeException(string message, Exception innerException)
        : base(message, innerException) => Error = new FrameError(FrameErrorKind.InvalidField, -1, message);

    /// <summary>The decoder's refusal.</summary>
    public FrameError Error { get; }
}

/// <summary>The outcome of a strict decode: a value, or the error that explains why there is none.</summary>
/// <typeparam name="T">The decoded type.</typeparam>
public readonly record struct DecodeResult<T>
{
    private readonly T? _value;

    internal DecodeResult(T? value, FrameError? error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>The refusal, or null on success.</summary>
    public FrameError? Error { get; }

    /// <summary>True when a value was decoded.</summary>
    public bool IsSuccess => Error is null;

    /// <summary>The decoded value; throws <see cref="FrameDecodeException"/> if decoding failed.</summary>
    public T Value => Error is null ? _value! : throw new FrameDecodeException(Error);

}

/// <summary>Builds <see cref="DecodeResult{T}"/> values.</summary>
public static class DecodeResult
{
    /// <summary>A successful result.</summary>
    public static DecodeResult<T> Success<T>(T value) => new(value, null);

    /// <summary>A refusal.</summary>
    public static DecodeResult<T> Failure<T>(FrameError error) =>
        new(default, error ?? throw new ArgumentNullException(nameof(error)));

    /// <summary>A refusal built from its parts.</summary>
    public static DecodeResult<T> Failure<T>(FrameErrorKind kind, int offset, string detail) =>
        new(default, new FrameError(kind, offset, detail));
}
