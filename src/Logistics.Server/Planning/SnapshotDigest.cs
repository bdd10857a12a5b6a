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

    public string Finish() => Convert.ToHexString(_sha.GetHashAndReset()).ToLowerInvariant();

    public void Dispose() => _sha.Dispose();
}
