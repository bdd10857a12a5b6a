using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Logistics.Benchmarks;

/// <summary>Where an in-process server started on port 0 ended up listening.</summary>
internal static class BenchServer
{
    public static Uri Address(WebApplication app) =>
        new(((IServer)app.Services.GetService(typeof(IServer))!).Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
