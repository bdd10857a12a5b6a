using System.Security.Cryptography;
using Dapper;
using Npgsql;

namespace Logistics.Server.Capacity;

/// <summary>
/// An upload's body in the database, 1 MiB at a time: written as the request streams in, read back
/// by whichever worker loads it. Memory stays at one chunk however large the file.
/// </summary>
internal static class UploadBodies
{
    public const int ChunkBytes = 1024 * 1024;

    /// <summary>Copies <paramref name="body"/> into chunks of <paramref name="id"/>; returns its length and SHA-256.</summary>
    /// <exception cref="BodyTooLargeException">more than <paramref name="maxBytes"/> arrived.</exception>
    public static async Task<(long Bytes, byte[] Sha256)> WriteAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, Stream body, long maxBytes, IProgress<long>? progress, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[ChunkBytes];
        long total = 0;
        var seq = 0;
        await using var insert = new NpgsqlCommand("INSERT INTO upload_bodies (upload_id, seq, data) VALUES ($1, $2, $3)", conn, tx);
        var pSeq = new NpgsqlParameter<int>();
        var pData = new NpgsqlParameter<ReadOnlyMemory<byte>>();
        insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        insert.Parameters.Add(pSeq);
        insert.Parameters.Add(pData);
        while (true)
        {
            var filled = 0;
            while (filled < buffer.Length)
            {
                int n;
                try { n = await body.ReadAsync(buffer.AsMemory(filled), ct); }
                catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { throw new BodyTooLargeException(maxBytes); }
                if (n == 0) break;
                filled += n;
                if (total + filled > maxBytes) throw new BodyTooLargeException(maxBytes);
            }
            if (filled == 0) break;
            sha.AppendData(buffer, 0, filled);
            pSeq.TypedValue = seq++;
            pData.TypedValue = buffer.AsMemory(0, filled);
            await insert.ExecuteNonQueryAsync(ct);
            total += filled;
            progress?.Report(total);
            if (filled < buffer.Length) break;
        }
        return (total, sha.GetHashAndReset());
    }

    /// <summary>Reads the body back as one stream, a chunk per query, on its own connection.</summary>
    public static Stream Open(NpgsqlDataSource db, Guid id) => new ChunkStream(db, id);

    public static Task DeleteAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid id, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("DELETE FROM upload_bodies WHERE upload_id = @id", new { id }, tx, cancellationToken: ct));

    private sealed class ChunkStream(NpgsqlDataSource db, Guid id) : Stream
    {
        private byte[] _chunk = [];
        private int _pos;
        private int _seq;
        private bool _done;

        private const string Next = "SELECT data FROM upload_bodies WHERE upload_id = @id AND seq = @seq";

        // The CSV reader reads synchronously: a synchronous query, so no pool thread blocks on an async one.
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_pos == _chunk.Length && !_done)
            {
                using var conn = db.OpenConnection();
                Take(conn.QuerySingleOrDefault<byte[]>(Next, new { id, seq = _seq++ }));
            }
            return Copy(buffer.AsSpan(offset, count));
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            if (_pos == _chunk.Length && !_done)
            {
                await using var conn = await db.OpenConnectionAsync(ct);
                Take(await conn.QuerySingleOrDefaultAsync<byte[]>(new CommandDefinition(Next, new { id, seq = _seq++ }, cancellationToken: ct)));
            }
            return Copy(buffer.Span);
        }

        private void Take(byte[]? chunk)
        {
            _chunk = chunk ?? [];
            _pos = 0;
            if (_chunk.Length < ChunkBytes) _done = true;
        }

        private int Copy(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, _chunk.Length - _pos);
            _chunk.AsSpan(_pos, n).CopyTo(buffer);
            _pos += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>The body is over the configured limit; nothing of it is kept.</summary>
internal sealed class BodyTooLargeException(long max) : Exception($"the body is over the limit of {max} bytes")
{
    public long Max { get; } = max;
}
