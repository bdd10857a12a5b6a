using System.Diagnostics;
using System.Globalization;

namespace Logistics.Server.Cli;

/// <summary>
/// Progress of a long import on stderr: percentage of the file read, rows, rate and time left.
/// On a terminal one line redrawn twice a second; otherwise (asked for with --progress) a line every
/// five seconds, so a log stays readable. Silent when stderr is not a terminal and nobody asked.
/// </summary>
internal sealed class ImportProgress : IProgress<long>
{
    private readonly TextWriter _stderr;
    private readonly string _path;
    private readonly long _total;
    private readonly bool _redraw;
    private readonly TimeSpan _every;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _last;   // the first line comes one interval in: a quick import shows only its final figures
    private long _bytes, _rows;

    private ImportProgress(TextWriter stderr, string path, long total, bool redraw)
    {
        (_stderr, _path, _total, _redraw) = (stderr, path, total, redraw);
        _every = redraw ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(5);
    }

    /// <summary>A reporter, or null when it should stay quiet (stderr redirected and --progress not given).</summary>
    public static ImportProgress? For(TextWriter stderr, string path, bool asked)
    {
        var terminal = !Console.IsErrorRedirected && ReferenceEquals(stderr, Console.Error);
        return terminal || asked ? new ImportProgress(stderr, path, new FileInfo(path).Length, redraw: terminal) : null;
    }

    /// <summary>The file, counted as it is read: the percentage and the time left come from its bytes.</summary>
    public Stream Track(Stream file) => new CountingStream(file, this);

    /// <summary>Rows (or lines) read so far, as the reader reports them.</summary>
    public void Report(long rows)
    {
        Interlocked.Exchange(ref _rows, rows);
        Tick();
    }

    /// <summary>Draws the final figures and ends the line, before what comes next is printed.</summary>
    public void Done(long? rows)
    {
        if (rows is { } n) Interlocked.Exchange(ref _rows, n);
        Draw(force: true);
        if (_redraw) _stderr.WriteLine();
    }

    private void Read(int n)
    {
        Interlocked.Add(ref _bytes, n);
        Tick();
    }

    private void Tick()
    {
        if (_clock.Elapsed - _last < _every) return;
        Draw(force: false);
    }

    private void Draw(bool force)
    {
        var now = _clock.Elapsed;
        if (!force && now - _last < _every) return;
        _last = now;
        var bytes = Interlocked.Read(ref _bytes);
        var rows = Interlocked.Read(ref _rows);
        var share = _total > 0 ? Math.Min(1.0, (double)bytes / _total) : 1.0;
        var seconds = Math.Max(now.TotalSeconds, 0.001);
        var left = share > 0 ? TimeSpan.FromSeconds(seconds / share - seconds) : TimeSpan.Zero;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{_path}: {share * 100:0}% of {Size(_total)}, {rows:N0} rows, {Size((long)(bytes / seconds))}/s, {(rows > 0 ? $"{rows / seconds:N0} rows/s, " : "")}ETA {Duration(left)}");
        if (_redraw) _stderr.Write($"\r{text}\u001b[K");
        else _stderr.WriteLine(text);
    }

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0} KiB"),
    };

    private static string Duration(TimeSpan t) =>
        t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);

    private sealed class CountingStream(Stream inner, ImportProgress progress) : Stream
    {
        public override int Read(byte[] buffer, int offset, int count) { var n = inner.Read(buffer, offset, count); progress.Read(n); return n; }
        public override int Read(Span<byte> buffer) { var n = inner.Read(buffer); progress.Read(n); return n; }
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) { var n = await inner.ReadAsync(buffer, ct); progress.Read(n); return n; }
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing) { if (disposing) inner.Dispose(); base.Dispose(disposing); }
    }
}
