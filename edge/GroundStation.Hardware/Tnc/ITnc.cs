using GroundStation.Frames.Kiss;

namespace GroundStation.Hardware.Tnc;

/// <summary>A frame a TNC delivered, with the port it came from and when it was received.</summary>
/// <param name="Port">The TNC port (radio channel) the frame arrived on.</param>
/// <param name="Data">The frame as the TNC delivered it (for KISS TNCs, an AX.25 frame without FCS).</param>
/// <param name="ReceivedAt">When the host received the frame's last byte, read from the TNC's <see cref="TimeProvider"/>.</param>
public sealed record TncFrame(KissPort Port, ReadOnlyMemory<byte> Data, DateTimeOffset ReceivedAt);

/// <summary>The state of the link between the host and the TNC.</summary>
public enum TncLinkState
{
    /// <summary>Opening (or re-opening) the link.</summary>
    Connecting,

    /// <summary>The link is up: frames flow both ways.</summary>
    Connected,

    /// <summary>The link dropped; a reconnect follows after a back-off.</summary>
    Disconnected,

    /// <summary>The link ended for good (the stream ended and cannot be reopened, or the TNC was disposed).</summary>
    Closed,
}

/// <summary>Running totals of a TNC link, for health reports.</summary>
/// <param name="FramesReceived">Data frames delivered to the reader.</param>
/// <param name="FramesSent">Frames written to the TNC.</param>
/// <param name="DecodeErrors">Malformed frames the decoder discarded (each was logged with its reason).</param>
/// <param name="ControlFramesIgnored">Non-data KISS frames from the TNC, which carry nothing for the host.</param>
/// <param name="LinkFailures">Times the link failed to open or dropped.</param>
public readonly record struct TncCounters(long FramesReceived, long FramesSent, long DecodeErrors, long ControlFramesIgnored, long LinkFailures);

/// <summary>
/// The narrow view of a TNC (modem) the edge agent needs: frames received with timestamps, frames to send, and the
/// link state. Implementations never let a malformed frame or a dropped link end the receive sequence early;
/// the sequence completes only when the TNC is disposed or its link is gone for good.
/// </summary>
public interface ITnc : IAsyncDisposable
{
    /// <summary>The link state now.</summary>
    TncLinkState State { get; }

    /// <summary>Running totals.</summary>
    TncCounters Counters { get; }

    /// <summary>The received data frames, in arrival order. Meant for one reader.</summary>
    IAsyncEnumerable<TncFrame> ReadFramesAsync(CancellationToken cancellationToken = default);

    /// <summary>Sends <paramref name="frame"/> on <paramref name="port"/>.</summary>
    /// <exception cref="TncUnavailableException">The link is down or the write failed.</exception>
    ValueTask SendAsync(KissPort port, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken = default);
}

/// <summary>The TNC could not take a frame: its link is down, or writing to it failed.</summary>
public sealed class TncUnavailableException : IOException
{
    /// <summary>Creates the exception.</summary>
    public TncUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TncUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public TncUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
