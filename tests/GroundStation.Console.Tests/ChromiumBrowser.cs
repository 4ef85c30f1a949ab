using GroundStation.Testing;
using Microsoft.Playwright;

namespace GroundStation.WebConsole.Tests;

/// <summary>
/// Debian's chromium driven by Playwright: the Playwright browser download cannot work here, so tests launch the
/// system browser by path. A missing chromium fails the test with the command that installs it.
/// </summary>
public sealed class ChromiumBrowser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private ChromiumBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    /// <summary>The launched headless browser.</summary>
    public IBrowser Browser { get; }

    /// <summary>Starts headless chromium.</summary>
    public static async Task<ChromiumBrowser> LaunchAsync()
    {
        var executable = PeerProcess.Require("chromium", "chromium");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                // Containers run as root without user namespaces, where chromium's sandbox cannot start.
                Args = ["--no-sandbox", "--disable-dev-shm-usage"],
            });
            return new ChromiumBrowser(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
