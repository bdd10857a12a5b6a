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

    /// <summary>Reads the body back as one stream, on its own connection.</summary>
    public static Stream Open(NpgsqlDataSource db, Guid id) => new ChunkStream(db, id);

    public static Task DeleteAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid id, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("DELETE FROM upload_bodies WHERE upload_id = @id", new { id }, tx, cancellationToken: ct));

    /// <summary>
    /// One query streams every chunk in order on its own connection; the server keeps sending while
    /// the parser works, so reading the body overlaps with loading it.
    /// </summary>
    private sealed class ChunkStream(NpgsqlDataSource db, Guid id) : Stream
    {
        private NpgsqlConnection? _conn;
        private NpgsqlDataReader? _reader;
        private Stream? _chunk;
        private bool _done;

        // The CSV reader reads synchronously, so this path is synchronous end to end (no pool thread blocks on async I/O).
        public override int Read(byte[] buffer, int offset, int count)
        {
            while (!_done)
            {
                if (_chunk is null)
                {
                    if (_reader is null)
                    {
                        _conn = db.OpenConnection();
                        using var cmd = new NpgsqlCommand("SELECT data FROM upload_bodies WHERE upload_id = $1 ORDER BY seq", _conn);
                        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
                        _reader = cmd.ExecuteReader(System.Data.CommandBehavior.SequentialAccess);
                    }
                    if (!_reader.Read()) { _done = true; break; }
                    _chunk = _reader.GetStream(0);
                }
                var n = _chunk.Read(buffer, offset, count);
                if (n > 0) return n;
                _chunk.Dispose();
                _chunk = null;
            }
            return 0;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _chunk?.Dispose();
                _reader?.Dispose();
                _conn?.Dispose();
            }
            base.Dispose(disposing);
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
