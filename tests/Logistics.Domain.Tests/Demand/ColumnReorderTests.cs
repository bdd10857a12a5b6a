using System.Security.Cryptography;
using Logistics.Domain.Demand;

namespace Logistics.Domain.Tests.Demand;

/// <summary>
/// Reordering columns (in place through a scratch buffer, or into an exact new array where growth
/// left spare) gives exactly the columns of adding the rows in the new order, whatever capacity the
/// columns started with and whether a count needs 64 bits.
/// </summary>
public sealed class ColumnReorderTests
{
    private const int Rows = 5_000;

    // Started with: no capacity (grown, spare left), exact, twice too much, half too little.
    public static TheoryData<int, bool> Cases()
    {
        var data = new TheoryData<int, bool>();
        foreach (var capacity in new[] { 0, Rows, 2 * Rows, Rows / 2 })
            foreach (var wide in new[] { false, true })
                data.Add(capacity, wide);
        return data;
    }

    private static string Digest(Action<ByteSink> digest)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        digest(bytes => sha.AppendData(bytes));
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    private static int[] Shuffled(Random random)
    {
        var order = Enumerable.Range(0, Rows).ToArray();
        random.Shuffle(order);
        return order;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Signal_columns_reordered_equal_the_rows_added_in_that_order(int capacity, bool wide)
    {
        var random = new Random(capacity * 2 + (wide ? 1 : 0));
        var rows = Enumerable.Range(0, Rows).Select(i => (
            Merchant: random.Next(300), Warehouse: random.Next(40), Region: random.Next(30), Category: random.Next(7), Day: 740_000 + random.Next(60),
            Counts: Enumerable.Range(0, 5).Select(k => random.Next(4) == 0 ? (long?)null : wide && i == 17 && k == 2 ? 5_000_000_000L : random.Next(1_000)).ToArray())).ToArray();
        var categories = CodeTable.Of(Enumerable.Range(0, 7).Select(c => $"cat-{c}"));
        SignalColumns Build(IEnumerable<int> at, int startCapacity)
        {
            // Categories numbered as first met, the way a reader numbers them.
            var t = new SignalColumns(new(), new(), new(), new(), startCapacity);
            foreach (var i in at)
            {
                var r = rows[i];
                t.Add(r.Merchant, r.Warehouse, r.Region, t.Categories.Index(categories[r.Category]), r.Day, r.Counts[0], r.Counts[1], r.Counts[2], r.Counts[3], r.Counts[4]);
            }
            return t;
        }

        var order = Shuffled(random);
        var reordered = Build(Enumerable.Range(0, Rows), capacity);
        reordered.Reorder(order);
        var expected = Build(order, Rows);

        Assert.Equal(Digest(expected.Digest), Digest(reordered.Digest));
        Assert.Equal(expected.Categories.Codes, reordered.Categories.Codes);
        Assert.Equal(wide, reordered.Count(Array.IndexOf(order, 17), 2) == 5_000_000_000L);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Outcome_columns_reordered_equal_the_rows_added_in_that_order(int capacity, bool wide)
    {
        var random = new Random(100 + capacity * 2 + (wide ? 1 : 0));
        var rows = Enumerable.Range(0, Rows).Select(i => (
            Merchant: random.Next(300), Warehouse: random.Next(40), Carrier: random.Next(5), Region: random.Next(30), Day: 740_000 + random.Next(60),
            Hour: random.Next(24), Parcels: wide && i == 23 ? 7_000_000_000L : random.Next(10_000))).ToArray();
        OutcomeColumns Build(IEnumerable<int> at, int startCapacity)
        {
            var t = new OutcomeColumns(new(), new(), new(), new(), startCapacity);
            foreach (var i in at)
            {
                var r = rows[i];
                t.Add(r.Merchant, r.Warehouse, r.Carrier, r.Region, r.Day, r.Hour, r.Parcels);
            }
            return t;
        }

        var order = Shuffled(random);
        var reordered = Build(Enumerable.Range(0, Rows), capacity);
        reordered.Reorder(order);
        var expected = Build(order, Rows);

        Assert.Equal(Digest(expected.Digest), Digest(reordered.Digest));
        Assert.Equal(rows[order[42]].Parcels, reordered.Parcels(42));
    }
}
