using System.Text.RegularExpressions;
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

    /// <summary>
    /// Opens /ops/login (or <paramref name="start"/>, which must lead there), logs in with the key and
    /// waits for the overview. If the overview does not come, the failure says what the browser got
    /// instead (the login POST's status, the URL, the page's text) and a screenshot is kept.
    /// </summary>
    protected async Task<IPage> LogInAsync(Uri baseAddress, string key, int width = 1280, int height = 1000, string start = "/ops/login")
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString(), ViewportSize = new() { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(start);
        // A page behind the login sends the browser to it, with the way back.
        Assert.EndsWith(start == "/ops/login" ? start : "/ops/login?ReturnUrl=" + Uri.EscapeDataString(start), page.Url);
        await page.FillAsync("input[name=key]", key);
        var post = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[type=submit]"),
            r => r.Request.Method == "POST" && r.Url.Contains("/ops/login", StringComparison.Ordinal));
        try
        {
            await page.WaitForURLAsync(new Regex("/ops$"));
        }
        catch (TimeoutException e)
        {
            var shot = Path.Combine(Browser.ArtifactsDirectory, $"login-failed-{Guid.NewGuid():N}.png");
            await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
            var text = await page.InnerTextAsync("body");
            throw new InvalidOperationException(
                $"no overview after logging in: the POST answered {post.Status}, the page is {page.Url} and says '{text}' (screenshot {shot})", e);
        }
        return page;
    }
}
