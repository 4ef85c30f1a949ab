using GroundStation.Edge.Passes;
using GroundStation.Edge.Spool;
using GroundStation.Hardware.Tnc;
using GroundStation.Messaging.Contracts;
using Microsoft.Extensions.Logging;

namespace GroundStation.Edge.Telemetry;

/// <summary>
/// Moves frames from the TNC into the spool, stamped with the station and the pass they belong to (the pass in PrePass,
/// Tracking or PostPass, or one that finished moments ago: <see cref="PassExecutor.LateFrameGrace"/>): the spool assigns
/// the frame id and makes the frame durable before anything else, and the spool forwarder publishes it. A frame heard
/// outside every pass cannot be attributed to a pass (and so to a satellite), so it is counted and dropped, with the
/// first and every hundredth logged (docs/EDGE.md).
/// </summary>
public sealed partial class FrameIngest(ITnc tnc, FrameSpool spool, StationId station, Func<PassId?> passOfArrivingFrame, ILogger<FrameIngest> logger)
{
    private long _spooled;
    private long _outsidePass;
    private long _notStored;

    /// <summary>Frames spooled.</summary>
    public long Spooled => Interlocked.Read(ref _spooled);

    /// <summary>Frames dropped because no pass was active.</summary>
    public long DroppedOutsidePass => Interlocked.Read(ref _outsidePass);

    /// <summary>Frames the spool refused (full spool or disk).</summary>
    public long NotStored => Interlocked.Read(ref _notStored);

    /// <summary>Reads frames until cancelled or the TNC closes for good.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var frame in tnc.ReadFramesAsync(cancellationToken))
            {
                await IngestAsync(frame, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task IngestAsync(TncFrame frame, CancellationToken cancellationToken)
    {
        if (passOfArrivingFrame() is not { } pass)
        {
            var dropped = Interlocked.Increment(ref _outsidePass);
            if (dropped == 1 || dropped % 100 == 0)
            {
                LogOutsidePass(frame.Data.Length, dropped);
            }

            return;
        }

        // Not cancellable once started: a frame the TNC handed over must reach the disk even while stopping.
        var result = await spool.AppendAsync(station, pass, frame.ReceivedAt, frame.Data, CancellationToken.None);
        if (result.IsStored)
        {
            Interlocked.Increment(ref _spooled);
        }
        else
        {
            Interlocked.Increment(ref _notStored);
            LogNotStored(pass.Value, result.Reason ?? "unknown");
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "a {Length}-byte frame arrived outside any pass and was dropped ({Count} so far)")]
    private partial void LogOutsidePass(int length, long count);

    [LoggerMessage(Level = LogLevel.Error, Message = "SPOOL FULL: a frame of pass {PassId} was not stored: {Reason}")]
    private partial void LogNotStored(string passId, string reason);
}
