using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace Logistics.Server.Ingest;

/// <summary>
/// Decodes a stream as UTF-8, refusing invalid bytes with the line they are on (instead of
/// replacing them), and hashes every byte it reads so the body's SHA-256 is known at the end.
/// </summary>
public sealed class StrictUtf8Reader(Stream stream, IncrementalHash? hash = null) : TextReader
{
    private readonly byte[] _bytes = ArrayPool<byte>.Shared.Rent(256 * 1024);
    private int _start, _end;
    private long _line = 1;
    private bool _eof;

    public long BytesRead { get; private set; }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        while (true)
        {
            if (_start == _end && _eof) return 0;
            var status = Utf8.ToUtf16(_bytes.AsSpan(_start, _end - _start), buffer, out var used, out var written, replaceInvalidSequences: false, isFinalBlock: _eof);
            _line += _bytes.AsSpan(_start, used).Count((byte)'\n');
            _start += used;
            if (status == System.Buffers.OperationStatus.InvalidData)
                throw new InvalidUtf8Exception(_line);
            if (written > 0) return written;
            // Need more bytes (an incomplete sequence at the end of the buffer, or an empty one).
            Array.Copy(_bytes, _start, _bytes, 0, _end - _start);
            _end -= _start;
            _start = 0;
            var n = stream.Read(_bytes, _end, _bytes.Length - _end);
            if (n == 0) _eof = true;
            else
            {
                hash?.AppendData(_bytes, _end, n);
                _end += n;
                BytesRead += n;
            }
        }
    }

    public override int Read() => throw new NotSupportedException("read in blocks");

    public override int Peek() => throw new NotSupportedException("read in blocks");

    protected override void Dispose(bool disposing)
    {
        if (disposing) ArrayPool<byte>.Shared.Return(_bytes);
        base.Dispose(disposing);
    }
}

public sealed class InvalidUtf8Exception(long line) : Exception($"line {line}: the file is not valid UTF-8")
{
    public long Line { get; } = line;
}
