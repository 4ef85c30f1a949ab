using System.Text;

namespace GroundStation.Hardware.Serial;

/// <summary>
/// Reads text lines from a byte stream, one line at a time, ending at any of the given terminator bytes. Kept small
/// and allocation-light because it runs on edge hardware for every rotator and radio exchange.
/// </summary>
internal sealed class AsciiLineReader(Stream stream, int maxLineLength = 16 * 1024)
{
    private readonly byte[] _buffer = new byte[Math.Max(256, maxLineLength)];
    private int _start;
    private int _end;

    /// <summary>Forgets bytes already buffered (stale replies), so the next line comes from fresh input.</summary>
    public void Discard()
    {
        _start = 0;
        _end = 0;
    }

    /// <summary>
    /// Reads up to the next terminator and returns the text before it. Leading bytes in <paramref name="skipLeading"/>
    /// are dropped first. Returns null at the end of the stream.
    /// </summary>
    public async ValueTask<string?> ReadLineAsync(ReadOnlyMemory<byte> terminators, ReadOnlyMemory<byte> skipLeading,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            while (_start < _end && skipLeading.Span.Contains(_buffer[_start]))
            {
                _start++;
            }

            var pending = _buffer.AsSpan(_start, _end - _start);
            var index = pending.IndexOfAny(terminators.Span);
            if (index >= 0)
            {
                var line = Encoding.ASCII.GetString(pending[..index]);
                _start += index + 1;
                return line;
            }

            if (_start > 0)
            {
                pending.CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                throw new InvalidDataException($"A line longer than {_buffer.Length} bytes arrived without a terminator.");
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                return null;
            }

            _end += read;
        }
    }
}
