using System.Buffers;
using System.Text;

namespace Logistics.Server.Ingest;

/// <summary>
/// A streaming RFC 4180 reader: comma separated, optional BOM, LF or CRLF, quoted fields with
/// doubled quotes and embedded line breaks. Reports the physical line each record starts on.
/// </summary>
public sealed class CsvReader(TextReader reader)
{
    private readonly char[] _buffer = new char[64 * 1024];
    private int _pos, _len;
    private long _line = 1;
    private bool _started;
    private readonly StringBuilder _field = new();
    private static readonly SearchValues<char> FieldEnds = SearchValues.Create(",\r\n\"");

    /// <summary>Physical line number of the record last returned.</summary>
    public long RecordLine { get; private set; }

    /// <summary>Reads the next record into <paramref name="fields"/>; false at end of input.</summary>
    /// <exception cref="CsvFormatException">an unterminated or stray quote.</exception>
    public bool TryRead(List<string> fields)
    {
        fields.Clear();
        if (!_started)
        {
            _started = true;
            if (Peek() == '\uFEFF') _pos++;
        }
        if (Peek() < 0) return false;
        RecordLine = _line;
        while (true)
        {
            var (text, end) = ReadField();
            fields.Add(text);
            if (end != ',') return true;
        }
    }

    // Returns the field and what ended it: ',' or '\n' or -1 (end of input).
    private (string, int) ReadField()
    {
        _field.Clear();
        var c = Peek();
        if (c == '"')
        {
            _pos++;
            var openedOn = _line;
            while (true)
            {
                c = Next();
                if (c < 0) throw new CsvFormatException(openedOn, "a quoted field is never closed");
                if (c == '"')
                {
                    var n = Peek();
                    if (n == '"') { _pos++; Append('"'); continue; }
                    break;
                }
                if (c == '\n') _line++;
                Append((char)c);
            }
            c = Next();
            if (c == '\r' && Peek() == '\n') c = Next();
            if (c == '\n') _line++;
            if (c is ',' or '\n' or -1) return (_field.ToString(), c);
            throw new CsvFormatException(_line, "a quoted field must be followed by a comma or the end of the line");
        }
        // Most fields end inside the buffer with a comma or a line break: cut them out whole.
        if (c >= 0 && _buffer.AsSpan(_pos, _len - _pos).IndexOfAny(FieldEnds) is var k and >= 0)
        {
            var end = _buffer[_pos + k];
            var next = _pos + k + 1;
            if (end == '\r' && next < _len && _buffer[next] == '\n') (end, next) = ('\n', next + 1);
            if (end is ',' or '\n')
            {
                var text = new string(_buffer, _pos, k);
                _pos = next;
                if (end == '\n') _line++;
                return (text, end);
            }
        }
        while (true)
        {
            c = Next();
            if (c is ',' or -1) return (_field.ToString(), c);
            if (c == '\r' && Peek() == '\n') c = Next();
            if (c == '\n') { _line++; return (_field.ToString(), c); }
            if (c == '"') throw new CsvFormatException(_line, "a quote inside an unquoted field (quote the whole field and double the quote)");
            Append((char)c);
        }
    }

    // A field is held whole: one longer than any line may be is refused rather than held.
    private void Append(char c)
    {
        if (_field.Length >= Utf8CsvReader.MaxRecordBytes) throw Utf8CsvReader.TooLong(RecordLine);
        _field.Append(c);
    }

    private int Peek()
    {
        if (_pos < _len) return _buffer[_pos];
        _len = reader.Read(_buffer, 0, _buffer.Length);
        _pos = 0;
        return _len > 0 ? _buffer[0] : -1;
    }

    private int Next()
    {
        var c = Peek();
        if (c >= 0) _pos++;
        return c;
    }
}

public sealed class CsvFormatException(long line, string reason, LineRule? rule = null) : Exception($"line {line}: {reason}")
{
    public long Line { get; } = line;
    public string Reason { get; } = reason;

    /// <summary>A quote out of place unless said otherwise (a line too long).</summary>
    public LineRule Rule { get; } = rule ?? LineRule.MalformedCsv;

    public RowError ToError() => new(Line, "", null, Rule, Reason);
}
