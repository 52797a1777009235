namespace Solvers.Linear.IO;

/// <summary>
/// Splits a <see cref="TextReader"/> into lines handed out as spans over an internal buffer, so reading a
/// file allocates no string per line. Line ends are "\n", "\r\n" or "\r". A returned span is valid only
/// until the next call.
/// </summary>
internal sealed class LineReader
{
    private const int InitialSize = 1 << 16;
    private const int MaxLineLength = 1 << 24;

    private readonly TextReader _reader;
    private readonly string? _sourceName;
    private char[] _buffer = new char[InitialSize];
    private int _start;
    private int _end;
    private bool _endOfInput;
    private bool _pendingCarriageReturn;

    public LineReader(TextReader reader, string? sourceName)
    {
        _reader = reader;
        _sourceName = sourceName;
    }

    /// <summary>1-based number of the line most recently returned; 0 before the first.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The next line without its terminator; false at the end of the input.</summary>
    public bool TryReadLine(out ReadOnlySpan<char> line)
    {
        int scanned = 0;
        while (true)
        {
            if (_pendingCarriageReturn)
            {
                if (_start == _end && !_endOfInput)
                {
                    Fill();
                    continue;
                }
                if (_start < _end && _buffer[_start] == '\n') _start++;
                _pendingCarriageReturn = false;
            }

            var available = new ReadOnlySpan<char>(_buffer, _start, _end - _start);
            int k = available[scanned..].IndexOfAny('\n', '\r');
            if (k >= 0)
            {
                k += scanned;
                line = available[..k];
                _pendingCarriageReturn = available[k] == '\r';
                _start += k + 1;
                LineNumber++;
                return true;
            }
            if (_endOfInput)
            {
                if (available.IsEmpty)
                {
                    line = default;
                    return false;
                }
                line = available;
                _start = _end;
                LineNumber++;
                return true;
            }
            if (available.Length > MaxLineLength)
                throw new MatrixMarketException($"line longer than {MaxLineLength} characters", LineNumber + 1, _sourceName);
            scanned = available.Length;
            Fill();
        }
    }

    /// <summary>Moves the unread part to the front (growing the buffer when it is over half full) and reads more.</summary>
    private void Fill()
    {
        int used = _end - _start;
        if (used > _buffer.Length / 2)
        {
            var bigger = new char[_buffer.Length * 2];
            Array.Copy(_buffer, _start, bigger, 0, used);
            _buffer = bigger;
        }
        else if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, used);
        }
        _start = 0;
        _end = used;
        int read = _reader.Read(_buffer, _end, _buffer.Length - _end);
        if (read <= 0) _endOfInput = true;
        else _end += read;
    }
}
