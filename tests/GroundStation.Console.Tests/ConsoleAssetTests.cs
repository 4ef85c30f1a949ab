using System.Net;
using System.Net.Http.Json;
using GroundStation.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace GroundStation.WebConsole.Tests;

/// <summary>The console's pages and clock, served alone (no core): what a browser gets before it has a key.</summary>
public sealed class ConsoleAssetTests : IAsyncLifetime
{
    private static readonly DateTimeOffset SimulatedNow = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private WebApplication? _app;
    private string _baseAddress = string.Empty;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        _baseAddress = $"http://127.0.0.1:{FreePort.Next()}";
        builder.WebHost.UseUrls(_baseAddress);
        builder.Services.AddSingleton<TimeProvider>(new ManualTimeProvider(SimulatedNow));
        _app = builder.Build();
        _app.MapConsole();
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_clock_reports_the_cores_time_not_the_wall_clock()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_baseAddress) };
        var clock = await http.GetFromJsonAsync<ClockView>("/api/v1/clock");
        Assert.Equal(SimulatedNow, clock!.Now);
    }

    [Fact]
    public async Task Assets_are_served_with_their_types_and_revalidated_by_etag()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_baseAddress) };
        var page = await http.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var script = await http.GetAsync(new Uri("/console/app.js", UriKind.Relative));
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);

        using var again = new HttpRequestMessage(HttpMethod.Get, "/console/app.js");
        again.Headers.IfNoneMatch.Add(script.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await http.SendAsync(again)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("/console/missing.js", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_browser_without_a_key_is_asked_for_one_and_the_page_runs_without_script_errors()
    {
        await using var chromium = await ChromiumBrowser.LaunchAsync();
        var page = await chromium.Browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(_baseAddress + "/");

        await Assertions.Expect(page.Locator("#banner")).ToHaveTextAsync("Enter an API key to start.");
        Assert.Empty(errors);
    }
}
