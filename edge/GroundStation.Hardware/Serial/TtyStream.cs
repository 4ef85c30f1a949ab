using System.Runtime.InteropServices;

namespace GroundStation.Hardware.Serial;

/// <summary>
/// A <see cref="Stream"/> over a non-blocking tty descriptor. Waiting happens in poll(2) in short slices so that a
/// cancelled asynchronous read returns promptly; asynchronous reads wait on a pool thread, which is cheap for the one
/// or two serial lines of a station.
/// </summary>
internal sealed class TtyStream(TtyHandle handle, string name) : Stream
{
    private const int PollSliceMilliseconds = 100;
    private int _readTimeout = Timeout.Infinite;

    public override bool CanRead => !handle.IsClosed;

    public override bool CanWrite => !handle.IsClosed;

    public override bool CanSeek => false;

    public override bool CanTimeout => true;

    public override int ReadTimeout
    {
        get => _readTimeout;
        set => _readTimeout = value >= Timeout.Infinite
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "A read timeout is -1 (infinite) or at least 0 ms.");
    }

    public override long Length => throw new NotSupportedException("A serial line has no length.");

    public override long Position
    {
        get => throw new NotSupportedException("A serial line has no position.");
        set => throw new NotSupportedException("A serial line has no position.");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => ReadCore(buffer, CancellationToken.None);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return ValueTask.FromResult(0);
        }

        // Bytes already waiting are returned without a thread hop.
        var ready = TryReadNow(buffer.Span);
        return ready >= 0
            ? ValueTask.FromResult(ready)
            : new ValueTask<int>(Task.Run(() => ReadCore(buffer.Span, cancellationToken), cancellationToken));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override unsafe void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            nint written;
            fixed (byte* pointer = buffer)
            {
                written = LibC.Write(handle, pointer, buffer.Length);
            }

            if (written >= 0)
            {
                buffer = buffer[(int)written..];
                continue;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == LinuxConstants.TryAgain)
            {
                WaitFor(LinuxConstants.PollOut, PollSliceMilliseconds);
            }
            else if (errno != LinuxConstants.Interrupted)
            {
                throw new IOException($"Writing to '{name}' failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
            }
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
        // Bytes go to the kernel on every write; SerialLine.DrainOutput waits for the wire.
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A serial line cannot seek.");

    public override void SetLength(long value) => throw new NotSupportedException("A serial line has no length.");

    private int ReadCore(Span<byte> buffer, CancellationToken cancellationToken)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        var waitedMilliseconds = 0L;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var read = TryReadNow(buffer);
            if (read >= 0)
            {
                return read;
            }

            if (_readTimeout != Timeout.Infinite && waitedMilliseconds >= _readTimeout)
            {
                throw new TimeoutException($"No data arrived on '{name}' within {_readTimeout} ms.");
            }

            var slice = _readTimeout == Timeout.Infinite
                ? PollSliceMilliseconds
                : (int)Math.Min(PollSliceMilliseconds, Math.Max(1, _readTimeout - waitedMilliseconds));
            var events = WaitFor(LinuxConstants.PollIn, slice);
            if (events == 0)
            {
                waitedMilliseconds += slice;
            }
            else if ((events & LinuxConstants.PollIn) == 0 && (events & LinuxConstants.PollHangUp) != 0)
            {
                // The other end hung up (a pty's peer closed, an adapter unplugged): end of stream.
                return 0;
            }
            else if ((events & (LinuxConstants.PollError | LinuxConstants.PollInvalid)) != 0 && (events & LinuxConstants.PollIn) == 0)
            {
                throw new IOException($"The serial line '{name}' reported an error (poll events 0x{events:x}).");
            }
        }
    }

    // Returns the byte count, or -1 when nothing is waiting.
    private unsafe int TryReadNow(Span<byte> buffer)
    {
        while (true)
        {
            nint read;
            fixed (byte* pointer = buffer)
            {
                read = LibC.Read(handle, pointer, buffer.Length);
            }

            if (read > 0)
            {
                return (int)read;
            }

            if (read == 0)
            {
                // With VMIN=0 a raw tty returns 0 when empty; only poll's POLLHUP means the end.
                return -1;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == LinuxConstants.TryAgain)
            {
                return -1;
            }

            if (errno != LinuxConstants.Interrupted)
            {
                throw new IOException($"Reading from '{name}' failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
            }
        }
    }

    private short WaitFor(short events, int timeoutMilliseconds)
    {
        var descriptor = new PollDescriptor { Descriptor = handle.Descriptor, Events = events };
        var result = LibC.Poll(ref descriptor, 1, timeoutMilliseconds);
        if (result < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == LinuxConstants.Interrupted
                ? (short)0
                : throw new IOException($"Waiting on '{name}' failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
        }

        return result == 0 ? (short)0 : descriptor.ReturnedEvents;
    }
}
