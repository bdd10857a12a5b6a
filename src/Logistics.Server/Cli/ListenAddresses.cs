using System.Net;
using System.Net.Sockets;

namespace Logistics.Server.Cli;

/// <summary>The one-line answer when the address to serve on is taken, and a check that finds it before work is done.</summary>
internal static class ListenAddresses
{
    public static string InUse(string urls) =>
        $"cannot listen on {urls}: the address is already in use by another program; stop it, or serve elsewhere with --urls (or LOGISTICS_URLS)";

    /// <summary>Kestrel's bind failure: an IOException around AddressInUseException (or the socket's own error).</summary>
    public static bool IsAddressInUse(Exception e) =>
        e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException
        || e.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse };

    /// <summary>
    /// Fails at once when an address of <paramref name="urls"/> (';'-separated) is already taken, so
    /// `demo` does not find out only after minutes of loading. Names it cannot probe (a host name
    /// other than localhost) are left to Kestrel, whose failure says the same.
    /// </summary>
    /// <exception cref="CommandFailedException">an address is taken.</exception>
    public static void EnsureFree(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Kestrel's wildcard forms are not valid URI hosts: probe them as the any-address.
            var parsable = url.Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal).Replace("://+:", "://0.0.0.0:", StringComparison.Ordinal);
            if (!Uri.TryCreate(parsable, UriKind.Absolute, out var uri) || uri.Port <= 0) continue;
            var address = uri.IsLoopback && !IPAddress.TryParse(uri.Host, out _) ? IPAddress.Loopback
                : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) ? ip
                : null;
            if (address is null) continue;
            var probe = new TcpListener(address, uri.Port);
            try { probe.Start(); }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse) { throw new CommandFailedException(InUse(urls)); }
            catch (SocketException) { }   // anything else (an address not of this machine): Kestrel will say
            finally { probe.Stop(); }
        }
    }
}
