using System.Net;
using System.Net.Sockets;

namespace Logistics.Server.Tests.Support;

/// <summary>A loopback TCP proxy that can be cut and restored, to make the database "go away".</summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly List<TcpClient> _open = [];
    private readonly CancellationTokenSource _stop = new();
    private volatile bool _cut;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public TcpProxy(int target)
    {
        _target = target;
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    /// <summary>Drops every open connection and refuses new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        _cut = true;
        lock (_open) { foreach (var c in _open) c.Dispose(); _open.Clear(); }
    }

    public void Restore() => _cut = false;

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            if (_cut) { client.Dispose(); continue; }
            var upstream = new TcpClient();
            try { await upstream.ConnectAsync(IPAddress.Loopback, _target); }
            catch (SocketException) { client.Dispose(); upstream.Dispose(); continue; }
            lock (_open) { _open.Add(client); _open.Add(upstream); }
            _ = PumpAsync(client, upstream);
            _ = PumpAsync(upstream, client);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try { await from.GetStream().CopyToAsync(to.GetStream()); }
        catch (Exception) { }
        finally { from.Dispose(); to.Dispose(); }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        Cut();
        return ValueTask.CompletedTask;
    }
}
