using Microsoft.Playwright;

namespace Logistics.Server.Tests.Support;

/// <summary>A test class that drives Chromium: one browser per class, closed with it.</summary>
public abstract class BrowserTest : IAsyncLifetime
{
    protected IBrowser Chromium { get; private set; } = null!;
    private IPlaywright? _playwright;

    public async Task InitializeAsync() => (_playwright, Chromium) = await Browser.LaunchAsync();

    public async Task DisposeAsync()
    {
        if (Chromium is not null) await Chromium.DisposeAsync();
        _playwright?.Dispose();
    }
}
