using System.Text;
using Logistics.Server.Ingest;

namespace Logistics.Server.Tests.Capacity;

/// <summary>
/// The byte reader the capacity intake parses with reads every file as CsvReader (over
/// StrictUtf8Reader) does: the same records, fields, lines and errors, also when a record or a
/// UTF-8 sequence is cut by a read.
/// </summary>
public sealed class Utf8CsvReaderTests
{
    public static TheoryData<string> Files => new()
    {
        "a,b,c\n1,2,3\n",
        "a,b,c\r\n1,2,3\r\n4,5,6",
        "\uFEFFa,b\n1,2\n",
        "\uFEFF",
        "",
        "\n\n",
        "a,b\n\n1,2\n\r\n3,4\n",
        "a,b\n\"x,y\",\"he said \"\"hi\"\"\"\n",
        "a,b\n\"multi\nline\",2\n3,4\n",
        "a,b\n\"multi\r\nline\"\r\n3,4\r\n",
        "a,b\n1,\"2\"\n\"3\",4",
        "a,b\n1\r2,3\n4,5\r",
        "a,b\n1,2,3,,\n,\n",
        "a,b\n\"never closed,2\n3,4\n",
        "a,b\n\"x\"y,2\n",
        "a,b\n1,x\"y\n",
        "名前,数\n倉庫,12\n  SF-SH ,\u00A0sort\u00A0\n",
        "a,b\n1,2\n\"ok\",3\n5,6",
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Reads_like_CsvReader(string file)
    {
        var bytes = Encoding.UTF8.GetBytes(file);
        Assert.Equal(ReadWithCsvReader(bytes), ReadWithUtf8Reader(bytes, readSize: int.MaxValue));
        Assert.Equal(ReadWithCsvReader(bytes), ReadWithUtf8Reader(bytes, readSize: 1));
    }

    [Fact]
    public void Invalid_utf8_is_refused_with_its_line_after_the_records_before_it()
    {
        var bytes = Encoding.UTF8.GetBytes("a,b\n1,2\n\"q\nx\",3\n4,")
            .Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\n5,6\n")).ToArray();
        foreach (var readSize in new[] { int.MaxValue, 1, 3 })
            Assert.Equal(["1|a|b", "2|1|2", "3|q\nx|3", "error 5: the file is not valid UTF-8"], ReadWithUtf8Reader(bytes, readSize));
        // The reader over decoded text stops at the same line.
        Assert.EndsWith("error 5: the file is not valid UTF-8", ReadWithCsvReader(bytes).Last());

        var cut = Encoding.UTF8.GetBytes("a,b\n1,2\n3,").Concat(new byte[] { 0xE5, 0x80 }).ToArray();   // a sequence the file ends inside
        Assert.Equal("error 3: the file is not valid UTF-8", ReadWithUtf8Reader(cut, 1).Last());
    }

    [Fact]
    public void A_record_longer_than_the_buffer_is_read_whole()
    {
        var field = new string('x', 700_000);
        var bytes = Encoding.UTF8.GetBytes($"a,b\n{field},1\n2,3\n");
        Assert.Equal(ReadWithCsvReader(bytes), ReadWithUtf8Reader(bytes, 100_000));
    }

    private static List<string> ReadWithCsvReader(byte[] bytes)
    {
        var seen = new List<string>();
        var csv = new CsvReader(new StrictUtf8Reader(new MemoryStream(bytes)));
        var fields = new List<string>();
        try
        {
            while (csv.TryRead(fields)) seen.Add($"{csv.RecordLine}|{string.Join("|", fields)}");
        }
        catch (CsvFormatException e) { seen.Add($"error {e.Line}: {e.Reason}"); }
        catch (InvalidUtf8Exception e) { seen.Add($"error {e.Line}: the file is not valid UTF-8"); }
        return seen;
    }

    private static List<string> ReadWithUtf8Reader(byte[] bytes, int readSize)
    {
        var seen = new List<string>();
        var csv = new Utf8CsvReader(new TrickleStream(bytes, readSize));
        try
        {
            while (csv.TryRead())
            {
                var fields = new List<string>();
                for (var i = 0; i < csv.FieldCount; i++) fields.Add(Encoding.UTF8.GetString(csv[i]));
                seen.Add($"{csv.RecordLine}|{string.Join("|", fields)}");
            }
        }
        catch (CsvFormatException e) { seen.Add($"error {e.Line}: {e.Reason}"); }
        catch (InvalidUtf8Exception e) { seen.Add($"error {e.Line}: the file is not valid UTF-8"); }
        return seen;
    }

    /// <summary>Hands out at most <c>readSize</c> bytes per read, so records and UTF-8 sequences are cut between reads.</summary>
    private sealed class TrickleStream(byte[] bytes, int readSize) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, readSize));
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, readSize)]);
    }
}
