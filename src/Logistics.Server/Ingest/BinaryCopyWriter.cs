using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using Npgsql;

namespace Logistics.Server.Ingest;

/// <summary>
/// Writes PostgreSQL's binary COPY format (header, rows of length-prefixed big-endian fields,
/// trailer) into a raw COPY stream through one buffer. Npgsql's importer resolves a type handler
/// for every value, which at tens of millions of values costs more than the server's whole COPY.
/// </summary>
internal sealed class BinaryCopyWriter
{
    // The signature "PGCOPY\n\xff\r\n\0", then flags and header-extension length (both 0).
    private static readonly byte[] Header = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];
    private static readonly int PostgresEpochDay = new DateOnly(2000, 1, 1).DayNumber;
    private static readonly long PostgresEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
    private const int BoolOid = 16, Int8Oid = 20, Int4Oid = 23, Float4Oid = 700;
    private readonly Stream _output;
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _used;

    // Every write below runs for each value of millions of rows, often in a fresh process: they are
    // compiled fully at once instead of running unoptimized until the runtime tiers them up.
    public BinaryCopyWriter(Stream output)
    {
        _output = output;
        Header.CopyTo(_buffer, 0);
        _used = Header.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void StartRow(short fields)
    {
        Room(2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_used), fields);
        _used += 2;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(long value)
    {
        Room(12);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), 8);
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_used + 4), value);
        _used += 12;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(short value)
    {
        Room(6);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), 2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_used + 4), value);
        _used += 6;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(int value)
    {
        Room(8);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), 4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used + 4), value);
        _used += 8;
    }

    /// <summary>A timestamptz: microseconds since 2000-01-01 UTC.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteTimestampTz(long utcTicks)
    {
        Room(12);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), 8);
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_used + 4), (utcTicks - PostgresEpochTicks) / 10);
        _used += 12;
    }

    /// <summary>A text value already in UTF-8 (a constant written for every row is encoded once).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(ReadOnlySpan<byte> utf8)
    {
        if (4 + utf8.Length > _buffer.Length) throw new ArgumentException($"a text value of {utf8.Length} bytes is too long for binary COPY here", nameof(utf8));
        Room(4 + utf8.Length);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), utf8.Length);
        utf8.CopyTo(_buffer.AsSpan(_used + 4));
        _used += 4 + utf8.Length;
    }

    /// <summary>A date: days since 2000-01-01.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(DateOnly value)
    {
        Room(8);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), 4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used + 4), value.DayNumber - PostgresEpochDay);
        _used += 8;
    }

    /// <summary>A text value short enough for the buffer (codes and categories are at most 64 characters).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(string value)
    {
        var max = 4 + Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max > _buffer.Length) throw new ArgumentException($"a text value of {value.Length} characters is too long for binary COPY here", nameof(value));
        Room(max);
        var length = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_used + 4));
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), length);
        _used += 4 + length;
    }

    public void WriteBoolean(bool value)
    {
        Room(5);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), 1);
        _buffer[_used + 4] = value ? (byte)1 : (byte)0;
        _used += 5;
    }

    /// <summary>A real (float4).</summary>
    public void WriteReal(float value)
    {
        Room(8);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), 4);
        BinaryPrimitives.WriteSingleBigEndian(_buffer.AsSpan(_used + 4), value);
        _used += 8;
    }

    public void WriteTimestamp(DateTimeOffset value) => WriteTimestampTz(value.UtcTicks);

    /// <summary>A jsonb value from its text (binary jsonb is a version byte, 1, then the text).</summary>
    public void WriteJsonb(string json)
    {
        var bytes = Encoding.UTF8.GetByteCount(json);
        Room(5);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), 1 + bytes);
        _buffer[_used + 4] = 1;
        _used += 5;
        if (_used + bytes <= _buffer.Length)
        {
            _used += Encoding.UTF8.GetBytes(json, _buffer.AsSpan(_used));
            return;
        }
        Flush();
        _output.Write(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>A text value of any length (alert bodies and states run to kilobytes).</summary>
    public void WriteText(string text)
    {
        var bytes = Encoding.UTF8.GetByteCount(text);
        Room(4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), bytes);
        _used += 4;
        if (_used + bytes <= _buffer.Length)
        {
            _used += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_used));
            return;
        }
        Flush();
        _output.Write(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>A bigint[] (one dimension, no nulls).</summary>
    public void WriteArray(ReadOnlySpan<long> values)
    {
        ArrayHeader(values.Length, Int8Oid, 8);
        while (values.Length > 0)
        {
            // As many elements as fit, each a length and a value, with one bounds check per batch.
            Room(12);
            var span = _buffer.AsSpan(_used);
            var n = Math.Min(values.Length, span.Length / 12);
            for (var i = 0; i < n; i++)
            {
                BinaryPrimitives.WriteInt32BigEndian(span[(i * 12)..], 8);
                BinaryPrimitives.WriteInt64BigEndian(span[(i * 12 + 4)..], values[i]);
            }
            _used += n * 12;
            values = values[n..];
        }
    }

    /// <summary>An integer[] (one dimension, no nulls).</summary>
    public void WriteArray(ReadOnlySpan<int> values)
    {
        ArrayHeader(values.Length, Int4Oid, 4);
        while (values.Length > 0)
        {
            // As many elements as fit, each a length and a value, with one bounds check per batch.
            Room(8);
            var span = _buffer.AsSpan(_used);
            var n = Math.Min(values.Length, span.Length / 8);
            for (var i = 0; i < n; i++)
            {
                BinaryPrimitives.WriteInt32BigEndian(span[(i * 8)..], 4);
                BinaryPrimitives.WriteInt32BigEndian(span[(i * 8 + 4)..], values[i]);
            }
            _used += n * 8;
            values = values[n..];
        }
    }

    /// <summary>A boolean[] (one dimension, no nulls).</summary>
    public void WriteArray(ReadOnlySpan<bool> values)
    {
        ArrayHeader(values.Length, BoolOid, 1);
        foreach (var v in values)
        {
            Room(5);
            BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), 1);
            _buffer[_used + 4] = v ? (byte)1 : (byte)0;
            _used += 5;
        }
    }

    /// <summary>A real[] (one dimension, no nulls) from doubles, each rounded to float.</summary>
    public void WriteRealArray(ReadOnlySpan<double> values)
    {
        ArrayHeader(values.Length, Float4Oid, 4);
        foreach (var v in values)
        {
            Room(8);
            BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), 4);
            BinaryPrimitives.WriteSingleBigEndian(_buffer.AsSpan(_used + 4), (float)v);
            _used += 8;
        }
    }

    /// <summary>
    /// The field length and array header: dimensions (0 for an empty array, else 1), a null flag (0),
    /// the element type, then the dimension's length and lower bound (1). Each element follows as a field.
    /// </summary>
    private void ArrayHeader(int count, int elementOid, int elementBytes)
    {
        Room(24);
        var span = _buffer.AsSpan(_used);
        var header = count == 0 ? 12 : 20;
        BinaryPrimitives.WriteInt32BigEndian(span, checked(header + count * (4 + elementBytes)));
        BinaryPrimitives.WriteInt32BigEndian(span[4..], count == 0 ? 0 : 1);
        BinaryPrimitives.WriteInt32BigEndian(span[8..], 0);
        BinaryPrimitives.WriteInt32BigEndian(span[12..], elementOid);
        if (count > 0)
        {
            BinaryPrimitives.WriteInt32BigEndian(span[16..], count);
            BinaryPrimitives.WriteInt32BigEndian(span[20..], 1);
        }
        _used += 4 + header;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteNull()
    {
        Room(4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), -1);
        _used += 4;
    }

    /// <summary>
    /// One binary COPY: <paramref name="write"/> fills its rows, then it is ended. On any failure it
    /// is cancelled, not ended, so nothing half-written lands (and ending it would fail over the real error).
    /// </summary>
    public static async Task CopyAsync(NpgsqlConnection conn, string copySql, Action<BinaryCopyWriter> write, CancellationToken ct)
    {
        var stream = await conn.BeginRawBinaryCopyAsync(copySql, ct);
        try
        {
            var copy = new BinaryCopyWriter(stream);
            write(copy);
            copy.Complete();
        }
        catch
        {
            await stream.CancelAsync();
            throw;
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    /// <summary>
    /// One raw binary COPY that <paramref name="write"/> writes whole (header to trailer, as
    /// <see cref="Complete"/> ends it) synchronously, on a thread of its own rather than a pool thread.
    /// Cancelled, not ended, on any failure.
    /// </summary>
    public static async Task CopyOnThreadAsync(NpgsqlConnection conn, string copySql, Action<Stream> write, CancellationToken ct)
    {
        var stream = await conn.BeginRawBinaryCopyAsync(copySql, ct);
        try
        {
            await Task.Factory.StartNew(() => write(stream), ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        catch
        {
            await stream.CancelAsync();
            throw;
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    /// <summary>Writes the trailer and flushes; the caller then ends the COPY.</summary>
    public void Complete()
    {
        Room(2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_used), -1);
        _used += 2;
        Flush();
    }

    private void Room(int bytes)
    {
        if (_used + bytes > _buffer.Length) Flush();
    }

    private void Flush()
    {
        _output.Write(_buffer, 0, _used);
        _used = 0;
    }
}
