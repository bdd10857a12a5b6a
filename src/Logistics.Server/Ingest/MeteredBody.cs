using System.Buffers;
using System.Security.Cryptography;
using System.Threading.Channels;

namespace Logistics.Server.Ingest;

/// <summary>
/// A body read through once. A pump reads it asynchronously ahead of the parser, in 1 MiB blocks (at
/// most a few in memory), counting and hashing every byte and stopping at the size limit (also when
/// the server's own request limit trips first). The parser then reads those blocks synchronously:
/// it waits for a block now and then instead of for every few kilobytes off the socket.
/// </summary>
internal sealed class MeteredBody : Stream
{
    private const int BlockBytes = 1024 * 1024;
    private readonly Channel<(byte[] Block, int Length)> _blocks = Channel.CreateBounded<(byte[], int)>(4);
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private readonly long _maxBytes;
    private byte[]? _block;
    private int _at, _length;
    private bool _done;

    public MeteredBody(Stream inner, long maxBytes)
    {
        _maxBytes = maxBytes;
        _pump = Task.Run(() => PumpAsync(inner, _stop.Token));
    }

    /// <summary>Bytes of the body so far (all of it after <see cref="FinishAsync"/>).</summary>
    public long Bytes { get; private set; }

    private async Task PumpAsync(Stream inner, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                var block = ArrayPool<byte>.Shared.Rent(BlockBytes);
                var filled = 0;
                while (filled < BlockBytes)
                {
                    int n;
                    try { n = await inner.ReadAsync(block.AsMemory(filled, BlockBytes - filled), ct); }
                    catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { throw BodyTooLargeException.Over(_maxBytes); }
                    if (n == 0) break;
                    filled += n;
                    if (Bytes + filled > _maxBytes) throw BodyTooLargeException.Over(_maxBytes);
                }
                Bytes += filled;
                _sha.AppendData(block, 0, filled);
                if (filled == 0) { ArrayPool<byte>.Shared.Return(block); break; }
                await _blocks.Writer.WriteAsync((block, filled), ct);
                if (filled < BlockBytes) break;
            }
            _blocks.Writer.Complete();
        }
        catch (Exception e) { _blocks.Writer.Complete(e); }
    }

    /// <summary>Reads what the parser left (it stops early on a bad header) and returns the whole body's SHA-256.</summary>
    public async Task<byte[]> FinishAsync(CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        while (await ReadAsync(buffer, ct) > 0) { }
        await _pump;
        return _sha.GetHashAndReset();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_block is null || _at == _length)
            if (!NextBlockAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult()) return 0;
        return Take(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        while (_block is null || _at == _length)
            if (!await NextBlockAsync(ct)) return 0;
        return Take(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    private int Take(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, _length - _at);
        _block.AsSpan(_at, n).CopyTo(buffer);
        _at += n;
        return n;
    }

    private async ValueTask<bool> NextBlockAsync(CancellationToken ct)
    {
        if (_block is not null) { ArrayPool<byte>.Shared.Return(_block); _block = null; }
        if (_done) return false;
        try
        {
            if (!await _blocks.Reader.WaitToReadAsync(ct)) { _done = true; return false; }
        }
        catch (ChannelClosedException e) when (e.InnerException is not null) { throw e.InnerException; }
        (_block, _length) = await _blocks.Reader.ReadAsync(ct);
        _at = 0;
        return true;
    }

    public override async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _pump; } catch (OperationCanceledException) { }
        if (_block is not null) ArrayPool<byte>.Shared.Return(_block);
        while (_blocks.Reader.TryRead(out var left)) ArrayPool<byte>.Shared.Return(left.Block);
        _sha.Dispose();
        _stop.Dispose();
        await base.DisposeAsync();
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
