using System.Net;
using System.Text;

namespace Logistics.Server.Tests.Support;

/// <summary>
/// A chunked signals body that stays open: its header and first line, then a line every 100 ms until
/// released. A line at a time, not silence: Kestrel ends a body slower than 240 bytes a second after
/// 5 s, and a node starting or stopping on a loaded machine takes longer than that.
/// </summary>
internal sealed class TricklingContent : HttpContent
{
    public const string Header = "campaign,merchant,warehouse,region,category,date,page_views,carts,favorites,deposits,presale_orders\n";
    private readonly Task _release;

    public TricklingContent(Task release)
    {
        _release = release;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(Header + "D11-2026,M-ACME,WH-SH1,EAST,apparel,2026-10-02,2000,200,100,20,10\n"));
        await stream.FlushAsync();
        for (var line = 0; !_release.IsCompleted; line++)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes($"D11-2026,M-SLOW{line:D5},WH-SH1,EAST,apparel,2026-10-03,2000,200,100,20,10\n"));
            await stream.FlushAsync();
            await Task.WhenAny(_release, Task.Delay(100));
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
