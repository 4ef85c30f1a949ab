using System.Buffers;

namespace GroundStation.Messaging.Client;

/// <summary>
/// Bytes read from the socket and not yet decoded. Grows only as far as the largest packet the decoder accepts, so a
/// broker cannot make the client buffer without bound.
/// </summary>
internal sealed class ReceiveBuffer(int maximumPacketSize)
{
    private const int InitialSize = 64 * 1024;
    private byte[] _buffer = new byte[InitialSize];
    private int _start;
    private int _end;

    /// <summary>The undecoded bytes.</summary>
    public ReadOnlySequence<byte> Data => new(_buffer, _start, _end - _start);

    /// <summary>Marks everything before <paramref name="rest"/> (a tail of <see cref="Data"/>) as decoded.</summary>
    public void ConsumeTo(ReadOnlySequence<byte> rest)
    {
        _start = _end - (int)rest.Length;
        if (_start == _end)
        {
            _start = _end = 0;
        }
    }

    /// <summary>Reads more bytes; false when the peer closed the connection.</summary>
    public async ValueTask<bool> FillAsync(Stream stream, CancellationToken cancellationToken)
    {
        if (_end == _buffer.Length)
        {
            MakeRoom();
        }

        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        _end += read;
        return read > 0;
    }

    private void MakeRoom()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
            return;
        }

        // A whole buffer holds one incomplete packet that the decoder already judged within the maximum size.
        var larger = new byte[(int)Math.Min((long)_buffer.Length * 2, (long)maximumPacketSize + 8)];
        Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
        _buffer = larger;
    }
}
