using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Logistics.Domain.Demand;

namespace Logistics.Server.Planning;

/// <summary>
/// The snapshot's digest (SHA-256), fed as the rows are read. Small inputs go in as JSON; demand rows,
/// tens of millions at national scale, as their fields in binary (length-prefixed UTF-8 codes,
/// little-endian numbers, a marker for unknown), which is unambiguous and costs no serializer per row.
/// </summary>
internal sealed class RowHash : IDisposable
{
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _used;

    public void AddJson(object? o, JsonSerializerOptions options)
    {
        Flush();
        _sha.AppendData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(o, options)));
    }

    public void Add(SignalRow r)
    {
        Text(r.Campaign); Text(r.Merchant); Text(r.Warehouse); Text(r.Region); Text(r.Category);
        Number(r.Date.DayNumber);
        Count(r.PageViews); Count(r.Carts); Count(r.Favorites); Count(r.Deposits); Count(r.PresaleOrders);
    }

    public void Add(OutcomeRow r)
    {
        Text(r.Campaign); Text(r.Merchant); Text(r.Warehouse); Text(r.Carrier); Text(r.Region);
        Number(r.Date.DayNumber); Number(r.Hour); Number(r.Parcels);
    }

    public string Finish()
    {
        Flush();
        return Convert.ToHexString(_sha.GetHashAndReset()).ToLowerInvariant();
    }

    public void Dispose() => _sha.Dispose();

    private void Reserve(int bytes)
    {
        if (_used + bytes > _buffer.Length) Flush();
    }

    private void Flush()
    {
        _sha.AppendData(_buffer, 0, _used);
        _used = 0;
    }

    private void Text(string s)
    {
        if (s.Length > 1024)
        {
            var bytes = Encoding.UTF8.GetBytes(s);
            Reserve(4);
            BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_used), bytes.Length);
            _used += 4;
            Flush();
            _sha.AppendData(bytes);
            return;
        }
        Reserve(4 + 3 * s.Length);
        int n = Encoding.UTF8.GetBytes(s, 0, s.Length, _buffer, _used + 4);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_used), n);
        _used += 4 + n;
    }

    private void Number(long v)
    {
        Reserve(8);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_used), v);
        _used += 8;
    }

    private void Count(long? v)
    {
        Reserve(1);
        _buffer[_used++] = v is null ? (byte)0 : (byte)1;
        Number(v ?? 0);
    }
}
