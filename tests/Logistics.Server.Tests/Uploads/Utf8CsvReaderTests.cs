using System.Text;
using Logistics.Server.Ingest;

namespace Logistics.Server.Tests.Uploads;

/// <summary>
/// The one CSV reader every upload is read with: RFC 4180 records, their physical lines and
/// line-exact errors, also when a record or a UTF-8 sequence is cut by a read. (The expectations
/// are what the decoded-text reader it replaced gave for the same files.)
/// </summary>
public sealed class Utf8CsvReaderTests
{
    /// <summary>Each file and what reading it gives: a record per line ("line|field|field"), or the error that stops it.</summary>
    public static TheoryData<string, string[]> Files => new()
    {
        { "a,b,c\n1,2,3\n", ["1|a|b|c", "2|1|2|3"] },
        { "a,b,c\r\n1,2,3\r\n4,5,6", ["1|a|b|c", "2|1|2|3", "3|4|5|6"] },
        { "\uFEFFa,b\n1,2\n", ["1|a|b", "2|1|2"] },
        { "\uFEFF", [] },
        { "", [] },
        { "\n\n", ["1|", "2|"] },
        { "a,b\n\n1,2\n\r\n3,4\n", ["1|a|b", "2|", "3|1|2", "4|", "5|3|4"] },
        { "a,b\n\"x,y\",\"he said \"\"hi\"\"\"\n", ["1|a|b", "2|x,y|he said \"hi\""] },
        { "a,b\n\"multi\nline\",2\n3,4\n", ["1|a|b", "2|multi\nline|2", "4|3|4"] },
        { "a,b\n\"multi\r\nline\"\r\n3,4\r\n", ["1|a|b", "2|multi\r\nline", "4|3|4"] },
        { "a,b\n1,\"2\"\n\"3\",4", ["1|a|b", "2|1|2", "3|3|4"] },
        { "a,b\n1\r2,3\n4,5\r", ["1|a|b", "2|1\r2|3", "3|4|5\r"] },
        { "a,b\n1,2,3,,\n,\n", ["1|a|b", "2|1|2|3||", "3||"] },
        { "a,b\n\"never closed,2\n3,4\n", ["1|a|b", "error 2: a quoted field is never closed"] },
        { "a,b\n\"x\"y,2\n", ["1|a|b", "error 2: a quoted field must be followed by a comma or the end of the line"] },
        { "a,b\n1,x\"y\n", ["1|a|b", "error 2: a quote inside an unquoted field (quote the whole field and double the quote)"] },
        { "名前,数\n倉庫,12\n  SF-SH ,\u00A0sort\u00A0\n", ["1|名前|数", "2|倉庫|12", "3|  SF-SH |\u00A0sort\u00A0"] },
        { "a,b\n1,2\n\"ok\",3\n5,6", ["1|a|b", "2|1|2", "3|ok|3", "4|5|6"] },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Reads_records_fields_lines_and_errors_whatever_the_reads_cut(string file, string[] expected)
    {
        var bytes = Encoding.UTF8.GetBytes(file);
        Assert.Equal(expected, ReadWithUtf8Reader(bytes, readSize: int.MaxValue));
        Assert.Equal(expected, ReadWithUtf8Reader(bytes, readSize: 1));
    }

    [Fact]
    public void Invalid_utf8_is_refused_with_its_line_after_the_records_before_it()
    {
        var bytes = Encoding.UTF8.GetBytes("a,b\n1,2\n\"q\nx\",3\n4,")
            .Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\n5,6\n")).ToArray();
        foreach (var readSize in new[] { int.MaxValue, 1, 3 })
            Assert.Equal(["1|a|b", "2|1|2", "3|q\nx|3", "error 5: the file is not valid UTF-8"], ReadWithUtf8Reader(bytes, readSize));

        var cut = Encoding.UTF8.GetBytes("a,b\n1,2\n3,").Concat(new byte[] { 0xE5, 0x80 }).ToArray();   // a sequence the file ends inside
        Assert.Equal("error 3: the file is not valid UTF-8", ReadWithUtf8Reader(cut, 1).Last());
    }

    [Fact]
    public void A_line_over_1_MiB_stops_the_reading_at_its_line_quoted_or_not()
    {
        var tooLong = "error 3: a line over 1024 KiB: no field of this file is that long (the file is not read further)";
        var field = new string('x', 2 * 1024 * 1024);
        foreach (var readSize in new[] { int.MaxValue, 64 * 1024 })
        {
            Assert.Equal(["1|a|b", "2|1|2", tooLong], ReadWithUtf8Reader(Encoding.UTF8.GetBytes($"a,b\n1,2\n{field},3\n4,5\n"), readSize));
            Assert.Equal(["1|a|b", "2|1|2", tooLong], ReadWithUtf8Reader(Encoding.UTF8.GetBytes($"a,b\n1,2\n\"{field}\",3\n4,5\n"), readSize));
        }
    }

    [Fact]
    public void A_record_longer_than_the_buffer_is_read_whole()
    {
        var field = new string('x', 700_000);
        var bytes = Encoding.UTF8.GetBytes($"a,b\n{field},1\n2,3\n");
        Assert.Equal(["1|a|b", $"2|{field}|1", "3|2|3"], ReadWithUtf8Reader(bytes, 100_000));
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
