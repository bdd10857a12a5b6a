using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Logistics.Domain.Demand;

namespace Logistics.Server.Planning;

/// <summary>
/// The snapshot's digest (SHA-256). Small inputs go in as JSON; demand tables, tens of millions of
/// rows at national scale, as their compact columns' bytes (indices into code tables, which go in
/// once each), a few large appends per column instead of work per row.
/// </summary>
internal sealed class SnapshotDigest : IDisposable
{
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public void AddJson(object? o, JsonSerializerOptions options) => _sha.AppendData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(o, options)));

    public void Add(CodeTable codes, JsonSerializerOptions options) => AddJson(codes.Codes, options);

    /// <summary>The rows, then their categories (a table of their own per signal table, numbered as first met in its rows).</summary>
    public void Add(SignalColumns rows, JsonSerializerOptions options)
    {
        rows.Digest(bytes => _sha.AppendData(bytes));
        Add(rows.Categories, options);
    }

    public void Add(OutcomeColumns rows) => rows.Digest(bytes => _sha.AppendData(bytes));

    /// <summary>Another digest's result: a table digested on its own, where and when it was read.</summary>
    public void Add(byte[] digest) => _sha.AppendData(digest);

    /// <summary>One table's digest, to be added to the snapshot's with <see cref="Add(byte[])"/>.</summary>
    public static byte[] Of(SignalColumns rows, JsonSerializerOptions options) => Of(d => d.Add(rows, options));

    /// <inheritdoc cref="Of(SignalColumns, JsonSerializerOptions)"/>
    public static byte[] Of(OutcomeColumns rows) => Of(d => d.Add(rows));

    private static byte[] Of(Action<SnapshotDigest> add)
    {
        using var d = new SnapshotDigest();
        add(d);
        return d._sha.GetHashAndReset();
    }

    public string Finish() => Convert.ToHexString(_sha.GetHashAndReset()).ToLowerInvariant();

    public void Dispose() => _sha.Dispose();
}
