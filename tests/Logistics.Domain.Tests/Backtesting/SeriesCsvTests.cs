using Logistics.Domain.Backtesting;

namespace Logistics.Domain.Tests.Backtesting;

public sealed class SeriesCsvTests
{
    [Fact]
    public void Reads_history_only_rows_with_BOM_CRLF_and_quotes()
    {
        var r = SeriesCsv.Parse("\uFEFFseries,date,parcels\r\n\"DC,1\",2022-11-01,5\r\nDC2,2022-11-02,0\r\n");
        Assert.True(r.Ok);
        Assert.Equal([new SeriesRow("DC,1", new DateOnly(2022, 11, 1), 5), new SeriesRow("DC2", new DateOnly(2022, 11, 2), 0)], r.Rows);
        Assert.False(r.Rows[0].HasSignals);
    }

    [Fact]
    public void Reads_optional_signal_columns_in_any_order_and_empty_means_unknown()
    {
        var r = SeriesCsv.Parse(["date,series,parcels,deposits,carts", "2022-11-01,A,10,,7"]);
        Assert.True(r.Ok);
        Assert.Equal(new SeriesRow("A", new DateOnly(2022, 11, 1), 10, Carts: 7), r.Rows[0]);
    }

    [Fact]
    public void Names_every_bad_line_with_column_value_and_reason_and_returns_no_rows()
    {
        var r = SeriesCsv.Parse(string.Join("\n",
            "series,date,parcels,carts",
            "A,2022-11-01,10,1",
            "A,2022-13-01,10,1",
            "B,2022-11-02,-3,1",
            ",2022-11-02,4,x",
            "C,2022-11-02",
            "D,2022-11-03,,2"));
        Assert.False(r.Ok);
        Assert.Empty(r.Rows);
        Assert.Contains(new LineError(3, "date", "2022-13-01", "not a date YYYY-MM-DD"), r.Errors);
        Assert.Contains(new LineError(4, "parcels", "-3", "must not be negative"), r.Errors);
        Assert.Contains(new LineError(5, "series", "", "empty series name"), r.Errors);
        Assert.Contains(new LineError(5, "carts", "x", "not a non-negative integer"), r.Errors);
        Assert.Contains(r.Errors, e => e.Line == 6 && e.Reason == "expected 4 fields, found 2");
        Assert.Contains(new LineError(7, "parcels", "", "a count is required"), r.Errors);
        Assert.Equal(6, r.Errors.Count);
    }

    [Fact]
    public void Rejects_bad_headers()
    {
        Assert.Contains(new LineError(1, "parcels", "", "required column missing from the header"), SeriesCsv.Parse("series,date\nA,2022-11-01").Errors);
        Assert.Contains(new LineError(1, "clicks", "clicks", "unknown column"), SeriesCsv.Parse("series,date,parcels,clicks").Errors);
        Assert.Contains(new LineError(1, "", "", "empty file: a header row is required"), SeriesCsv.Parse("").Errors);
    }

    [Fact]
    public void Quoted_field_may_span_lines_and_line_numbers_follow_physical_lines()
    {
        var r = SeriesCsv.Parse("series,date,parcels\n\"A\nB\",2022-11-01,1\nC,bad,1\n");
        Assert.Equal("A\nB", SeriesCsv.Parse("series,date,parcels\n\"A\nB\",2022-11-01,1\n").Rows[0].Series);
        Assert.Contains(new LineError(4, "date", "bad", "not a date YYYY-MM-DD"), r.Errors);
    }
}
