using GroundStation.Frames.Framing;

namespace GroundStation.Frames.Kiss;

/// <summary>One outcome of <see cref="KissDecoder"/>: a frame, or the error that made it discard one.</summary>
/// <param name="Frame">The decoded frame, or null when <paramref name="Error"/> is set.</param>
/// <param name="Error">Why the bytes between two FENDs were discarded, or null on success.</param>
public readonly record struct KissDecodeResult(KissFrame? Frame, FrameError? Error);

/// <summary>
/// Incremental KISS decoder: feed it bytes as they arrive in chunks of any size, and it reports every complete frame
/// and every malformed one (bad escape, oversize, unknown command) without throwing. After an error it discards bytes
/// up to the next FEND and resynchronises there, so one bad frame never costs the next good one.
/// Not thread-safe: one decoder per byte stream, used by that stream's reader.
/// </summary>
public sealed class KissDecoder
{
    private readonly byte[] _buffer;
    private int _length;
    private bool _inFrame;
    private bool _escaped;
    private bool _discarding;

    /// <summary>Creates a decoder that refuses frames whose command byte plus payload exceed <paramref name="maxFrameLength"/>.</summary>
    public KissDecoder(int maxFrameLength = KissFraming.DefaultMaxFrameLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameLength, 1);
        _buffer = new byte[maxFrameLength];
    }

    /// <summary>The largest frame (command byte plus unescaped payload) the decoder accepts.</summary>
    public int MaxFrameLength => _buffer.Length;

    /// <summary>Bytes received outside any frame (before the first FEND): line noise or a TNC's start-up banner.</summary>
    public long BytesOutsideFrames { get; private set; }

    /// <summary>Decodes <paramref name="input"/>, adding each complete frame or error to <paramref name="output"/>.</summary>
    /// <returns>The number of results added.</returns>
    public int Decode(ReadOnlySpan<byte> input, ICollection<KissDecodeResult> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var added = 0;
        foreach (var b in input)
        {
            if (b == KissFraming.Fend)
            {
                if (CompleteFrame() is { } result)
                {
                    output.Add(result);
                    added++;
                }

                continue;
            }

            if (!_inFrame)
            {
                BytesOutsideFrames++;
                continue;
            }

            if (_discarding)
            {
                continue;
            }

            if (Accept(b) is { } error)
            {
                output.Add(new KissDecodeResult(null, error));
                added++;
            }
        }

        return added;
    }

    /// <summary>Forgets a partly received frame, as after the underlying link was re-established.</summary>
    public void Reset()
    {
        _length = 0;
        _inFrame = false;
        _escaped = false;
        _discarding = false;
    }

    private FrameError? Accept(byte b)
    {
        byte value;
        if (_escaped)
        {
            _escaped = false;
            switch (b)
            {
                case KissFraming.Tfend:
                    value = KissFraming.Fend;
                    break;
                case KissFraming.Tfesc:
                    value = KissFraming.Fesc;
                    break;
                default:
                    _discarding = true;
                    return new FrameError(FrameErrorKind.BadEscape, _length,
                        $"FESC followed by 0x{b:X2}; only TFEND (0xDC) and TFESC (0xDD) may follow it.");
            }
        }
        else if (b == KissFraming.Fesc)
        {
            _escaped = true;
            return null;
        }
        else
        {
            value = b;
        }

        if (_length == _buffer.Length)
        {
            _discarding = true;
            return new FrameError(FrameErrorKind.Oversize, _length,
                $"The frame exceeds {_buffer.Length} bytes without a closing FEND; discarded up to the next FEND.");
        }

        _buffer[_length++] = value;
        return null;
    }

    private KissDecodeResult? CompleteFrame()
    {
        var wasEscaped = _escaped;
        var wasDiscarding = _discarding;
        var length = _length;
        _inFrame = true;
        _escaped = false;
        _discarding = false;
        _length = 0;

        if (wasDiscarding)
        {
            return null;
        }

        if (wasEscaped)
        {
            return new KissDecodeResult(null, new FrameError(FrameErrorKind.BadEscape, length,
                "FESC immediately before FEND: the frame ends inside an escape sequence."));
        }

        // Back-to-back FENDs are the normal idle and synchronisation pattern, not an empty frame.
        if (length == 0)
        {
            return null;
        }

        var commandByte = _buffer[0];
        if (commandByte == 0xFF)
        {
            return new KissDecodeResult(new KissFrame(KissPort.Default, KissCommand.Return, ReadOnlyMemory<byte>.Empty), null);
        }

        var command = commandByte & 0x0F;
        if (command > (int)KissCommand.SetHardware)
        {
            return new KissDecodeResult(null, new FrameError(FrameErrorKind.UnknownCommand, 0,
                $"Command byte 0x{commandByte:X2} names command type {command}; known types are 0-6 and 0xFF."));
        }

        var payload = _buffer.AsSpan(1, length - 1).ToArray();
        return new KissDecodeResult(new KissFrame(new KissPort((byte)(commandByte >> 4)), (KissCommand)command, payload), null);
    }
}
