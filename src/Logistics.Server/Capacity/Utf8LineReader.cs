using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Logistics.Server.Ingest;

namespace Logistics.Server.Capacity;

/// <summary>
/// Decodes a UTF-8 stream strictly and counts lines as it goes, so an invalid byte is reported
/// with the line it is on without reading the file twice or holding it in memory.
/// </summary>
internal sealed class Utf8LineReader(Stream stream) : TextReader
{
    private readonly byte[] _bytes = new byte[64 * 1024];
    private int _start, _end;
    private bool _eof;
    private long _line = 1;

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        while (true)
        {
            if (!_eof && _end - _start < 4)
            {
                Buffer.BlockCopy(_bytes, _start, _bytes, 0, _end - _start);
                _end -= _start;
                _start = 0;
                var n = stream.Read(_bytes, _end, _bytes.Length - _end);
                if (n == 0) _eof = true; else _end += n;
            }
            var input = _bytes.AsSpan(_start, _end - _start);
            var status = Utf8.ToUtf16(input, buffer, out var read, out var written, replaceInvalidSequences: false, isFinalBlock: _eof);
            _line += input[..read].Count((byte)'\n');
            _start += read;
            if (status == OperationStatus.InvalidData)
                throw new CsvFormatException(_line, "the file is not valid UTF-8");
            if (written > 0 || (_eof && _start == _end)) return written;
        }
    }

    public override int Read()
    {
        Span<char> one = stackalloc char[1];
        return Read(one) == 0 ? -1 : one[0];
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) stream.Dispose();
        base.Dispose(disposing);
    }
}
