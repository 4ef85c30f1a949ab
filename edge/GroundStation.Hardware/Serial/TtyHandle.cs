using System.Runtime.InteropServices;

namespace GroundStation.Hardware.Serial;

/// <summary>An open terminal file descriptor (a serial device, a pty master or slave), closed when released.</summary>
public sealed class TtyHandle : SafeHandle
{
    /// <summary>Wraps <paramref name="descriptor"/>; the handle closes it when disposed if it owns it.</summary>
    public TtyHandle(int descriptor, bool ownsHandle)
        : base(new IntPtr(-1), ownsHandle) => SetHandle(new IntPtr(descriptor));

    /// <summary>Creates an invalid handle (used by interop marshalling).</summary>
    public TtyHandle()
        : base(new IntPtr(-1), true)
    {
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle.ToInt64() < 0;

    /// <summary>The descriptor number.</summary>
    public int Descriptor => (int)handle.ToInt64();

    /// <inheritdoc />
    protected override bool ReleaseHandle() => LibC.Close((int)handle.ToInt64()) == 0;
}
