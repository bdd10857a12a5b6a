using System.Buffers.Binary;

namespace Logistics.Server.Planning;

/// <summary>
/// Reads PostgreSQL's binary COPY format (header, rows of length-prefixed big-endian fields,
/// trailer) from a raw COPY stream through one buffer, the mirror of the intake's BinaryCopyWriter.
/// Npgsql's exporter resolves a type handler and completes a task for every value, which at the
/// hundreds of millions of values of a national snapshot costs more than PostgreSQL's own COPY.
/// <see cref="NextRowAsync"/> makes sure the whole row is buffered (awaiting only when a refill is
/// needed), so the field reads that follow are plain synchronous reads of the buffer.
/// </summary>
internal sealed class BinaryCopyReader
{
    // The signature "PGCOPY\n\xff\r\n\0"; flags and the header extension's length follow.
    private static ReadOnlySpan<byte> Signature => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];
    private static readonly int PostgresEpochDay = new DateOnly(2000, 1, 1).DayNumber;
    private readonly Stream _input;
    private readonly short _fields;
    private byte[] _buffer = new byte[1 << 20];
    private int _pos, _end;
    private bool _done;

    private BinaryCopyReader(Stream input, short fields) => (_input, _fields) = (input, fields);

    /// <summary>Reads the header of a COPY whose rows have <paramref name="fields"/> fields.</summary>
    public static async Task<BinaryCopyReader> OpenAsync(Stream input, short fields, CancellationToken ct)
    {
        var r = new BinaryCopyReader(input, fields);
        while (r._end < Signature.Length + 8) await r.FillAsync(ct);
        if (!r._buffer.AsSpan(0, Signature.Length).SequenceEqual(Signature)) throw new InvalidDataException("not a binary COPY stream");
        var extension = BinaryPrimitives.ReadInt32BigEndian(r._buffer.AsSpan(Signature.Length + 4));
        var header = Signature.Length + 8 + extension;
        while (r._end < header) await r.FillAsync(ct);
        r._pos = header;
        return r;
    }

    /// <summary>Buffers the next row whole; false at the trailer (the rest of the stream is then read to its end).</summary>
    public ValueTask<bool> NextRowAsync(CancellationToken ct) =>
        !TryFrame(out var row) ? RefillAsync(ct) : row ? new(true) : EndAsync(ct);

    public long Int64() => BinaryPrimitives.ReadInt64BigEndian(Field(8));

    public long? NullableInt64() => Length() switch
    {
        -1 => null,
        8 => Int64Body(),
        _ => throw new InvalidDataException("a field of 8 bytes was expected"),
    };

    public int Int32() => BinaryPrimitives.ReadInt32BigEndian(Field(4));

    /// <summary>An int8 that packs two non-negative 32-bit numbers (<c>(a &lt;&lt; 32) | b</c> in the query).</summary>
    public (long High, long Low) Pair()
    {
        var v = Int64();
        return (v >>> 32, v & uint.MaxValue);
    }

    /// <summary>An int8 that packs a number above and a day below (<c>(a &lt;&lt; 32) | ((day - date '2000-01-01')::int8 &amp; 4294967295)</c>): the number and the day's <see cref="DateOnly.DayNumber"/>.</summary>
    public (long High, int Day) PairWithDay()
    {
        var v = Int64();
        return (v >>> 32, (int)(uint)(v & uint.MaxValue) + PostgresEpochDay);
    }

    /// <summary>
    /// An int8 that packs a day, an hour 0..23 and a flag below (<c>((day - date '2000-01-01') * 24 + hour) * 2 + flag</c>):
    /// the day's <see cref="DateOnly.DayNumber"/>, the hour and the flag.
    /// </summary>
    public (int Day, int Hour, bool Flag) DayHourFlag()
    {
        var v = Int64();
        var day = Math.DivRem(v >> 1, 24, out var hour);
        if (hour < 0) (day, hour) = (day - 1, hour + 24);
        return (checked((int)day + PostgresEpochDay), (int)hour, (v & 1) != 0);
    }

    /// <summary>A timestamptz as PostgreSQL's microseconds from 2000-01-01 UTC.</summary>
    public long Timestamp() => Int64();

    public short Int16() => BinaryPrimitives.ReadInt16BigEndian(Field(2));

    /// <summary>A boolean: one byte, non-zero for true.</summary>
    public bool Bool() => Field(1)[0] != 0;

    /// <summary>A date as its <see cref="DateOnly.DayNumber"/> (PostgreSQL counts days from 2000-01-01).</summary>
    public int Date()
    {
        var days = BinaryPrimitives.ReadInt32BigEndian(Field(4));
        if (days is int.MaxValue or int.MinValue) throw new InvalidDataException("an infinite date in a demand row");
        return days + PostgresEpochDay;
    }

    /// <summary>A text value's UTF-8 bytes, valid until the next <see cref="NextRowAsync"/>.</summary>
    public ReadOnlySpan<byte> Text()
    {
        var n = Length();
        if (n < 0) throw new InvalidDataException("a null where a value was expected");
        var span = _buffer.AsSpan(_pos, n);
        _pos += n;
        return span;
    }

    private long Int64Body()
    {
        var v = BinaryPrimitives.ReadInt64BigEndian(_buffer.AsSpan(_pos, 8));
        _pos += 8;
        return v;
    }

    private ReadOnlySpan<byte> Field(int size)
    {
        if (Length() != size) throw new InvalidDataException($"a field of {size} bytes was expected");
        var span = _buffer.AsSpan(_pos, size);
        _pos += size;
        return span;
    }

    private int Length()
    {
        var n = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_pos, 4));
        _pos += 4;
        return n;
    }

    /// <summary>True when the next row (or the trailer) is wholly in the buffer; then <paramref name="row"/> says which, and the row's field count is consumed.</summary>
    private bool TryFrame(out bool row)
    {
        row = false;
        if (_done) return true; // after the trailer: no more rows
        var p = _pos;
        if (_end - p < 2) return false;
        var fields = BinaryPrimitives.ReadInt16BigEndian(_buffer.AsSpan(p));
        p += 2;
        if (fields == -1) { _pos = p; _done = true; return true; }
        if (fields != _fields) throw new InvalidDataException($"a row of {fields} fields where {_fields} were expected");
        for (var i = 0; i < fields; i++)
        {
            if (_end - p < 4) return false;
            var n = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(p));
            p += 4;
            if (n <= 0) continue;
            if (_end - p < n) return false;
            p += n;
        }
        _pos += 2;
        row = true;
        return true;
    }

    private async ValueTask<bool> RefillAsync(CancellationToken ct)
    {
        bool row;
        do await FillAsync(ct);
        while (!TryFrame(out row));
        return row || await EndAsync(ct);
    }

    /// <summary>Reads the stream to its end after the trailer, so the connection is left ready for the next command.</summary>
    private async ValueTask<bool> EndAsync(CancellationToken ct)
    {
        while (await _input.ReadAsync(_buffer, ct) > 0) { }
        return false;
    }

    /// <summary>Moves the unread bytes to the front (growing the buffer for a row larger than it) and reads more.</summary>
    private async Task FillAsync(CancellationToken ct)
    {
        if (_pos > 0)
        {
            Buffer.BlockCopy(_buffer, _pos, _buffer, 0, _end - _pos);
            (_end, _pos) = (_end - _pos, 0);
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        var read = await _input.ReadAsync(_buffer.AsMemory(_end), ct);
        if (read == 0) throw new EndOfStreamException("the COPY ended before its trailer");
        _end += read;
    }
}
