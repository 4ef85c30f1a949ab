using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace GroundStation.WebConsole.Tests;

/// <summary>
/// Acceptance 5: the console served by a real core, driven by Debian's chromium. Stations, satellite and element set
/// are registered through the API, so the passes on the page are the scheduler's.
/// </summary>
public sealed class ConsoleBrowserTests : IAsyncLifetime
{
    private const string Screenshot = "/tmp/gs-console.png";
    private ConsoleCore? _core;
    private string _operatorKey = string.Empty;
    private string _viewerKey = string.Empty;

    private ConsoleCore Core => _core ?? throw new InvalidOperationException("Not initialised.");

    public async Task InitializeAsync()
    {
        // The page refreshes every 5 s besides its live streams; allow a refresh or two under a loaded machine.
        Assertions.SetDefaultExpectTimeout(15_000);
        _core = await ConsoleCore.StartAsync();
        _operatorKey = await Core.CreateKeyAsync("olga", "operator");
        _viewerKey = await Core.CreateKeyAsync("vera", "viewer");
        await Core.PutStationAsync("gs-ohio", "Ohio", 40.8939, -83.8917);
        await Core.PutStationAsync("gs-munich", "Munich", 48.1372, 11.5755);
        await Core.PutIssAsync();
    }

    public async Task DisposeAsync()
    {
        if (_core is not null)
        {
            await _core.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_operator_sees_stations_and_scheduled_passes_and_sends_a_command_a_viewer_is_refused_visibly()
    {
        var passes = await Core.WaitForPassesAsync(_operatorKey, TimeSpan.FromSeconds(30));
        var firstPass = (string)passes.OrderBy(p => (DateTimeOffset)p!["aos"]!).First()!["passId"]!;

        await using var chromium = await ChromiumBrowser.LaunchAsync();
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(Core.ConsoleUri.ToString());
        await SignInAsync(page, _operatorKey);

        // The stations, as registered, and the scheduler's passes on the timeline (the next one among them).
        await Assertions.Expect(page.Locator("#stations tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#stations tr[data-station='gs-ohio'] td").First).ToHaveTextAsync("Ohio (gs-ohio)");
        await Assertions.Expect(page.Locator("#stations tr[data-station='gs-munich'] td").First).ToHaveTextAsync("Munich (gs-munich)");
        await Assertions.Expect(page.Locator($"#timeline rect.pass[data-pass='{firstPass}']")).ToHaveCountAsync(1);
        Assert.True(await page.Locator("#timeline rect.pass").CountAsync() >= 2, "the timeline shows the passes of both stations");
        await Assertions.Expect(page.Locator("#track-title")).ToContainTextAsync("ISS over gs-");
        await Assertions.Expect(page.Locator("#polar polyline.track")).ToHaveCountAsync(1);

        // A ping through the form from the satellite's command dictionary: queued for the next contact.
        await Assertions.Expect(page.Locator("#command-satellite option[value='25544']")).ToHaveCountAsync(1);
        await page.Locator("#command-name").SelectOptionAsync("ping");
        await page.Locator("#command-send").ClickAsync();
        await Assertions.Expect(page.Locator("#banner")).ToContainTextAsync("(ping) accepted: Queued");
        var row = page.Locator("#command-queue tbody tr[data-command]");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("ping");
        await Assertions.Expect(row.Locator("td.stage")).ToHaveTextAsync("Queued");
        await Assertions.Expect(row.Locator("td").Nth(4)).ToHaveTextAsync("olga");
        var commands = (await Core.GetAsync("api/v1/commands", _operatorKey)).AsArray();
        var sent = Assert.Single(commands);
        Assert.Equal(await row.GetAttributeAsync("data-command"), (string?)sent!["commandId"]);
        Assert.Equal("Queued", (string?)sent["stage"]);

        // Its history, stage by stage.
        await row.Locator("button", new LocatorLocatorOptions { HasText = "History" }).ClickAsync();
        await Assertions.Expect(page.Locator("#command-detail")).ToContainTextAsync("Queued");

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot, FullPage = true });
        Assert.Empty(errors);

        // A viewer may look but not command: the 403 is on the page, and nothing was queued.
        var viewerPage = await context.NewPageAsync();
        viewerPage.PageError += (_, error) => errors.Add(error);
        await viewerPage.GotoAsync(Core.ConsoleUri.ToString());
        await SignInAsync(viewerPage, _viewerKey);
        await Assertions.Expect(viewerPage.Locator("#stations tbody tr")).ToHaveCountAsync(2);
        await viewerPage.Locator("#command-name").SelectOptionAsync("ping");
        await viewerPage.Locator("#command-send").ClickAsync();
        await Assertions.Expect(viewerPage.Locator("#banner")).ToContainTextAsync("Command not sent: 403 Forbidden");
        await Assertions.Expect(viewerPage.Locator("#banner")).ToHaveClassAsync("error");
        Assert.Single((await Core.GetAsync("api/v1/commands", _operatorKey)).AsArray());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_critical_command_waits_for_a_second_operator_who_approves_it_in_the_console()
    {
        var secondOperator = await Core.CreateKeyAsync("otto", "operator");
        await using var chromium = await ChromiumBrowser.LaunchAsync();
        var errors = new List<string>();
        var sender = await OpenAsync(chromium, _operatorKey, errors);
        await sender.Locator("#command-name").SelectOptionAsync("set-mode");
        await sender.Locator("#command-argument").FillAsync("01");
        await sender.Locator("#command-send").ClickAsync();
        var row = sender.Locator("#command-queue tbody tr[data-command]");
        await Assertions.Expect(row.Locator("td.stage")).ToHaveTextAsync("AwaitingApproval");
        await Assertions.Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("set-mode 01");

        // The sender may not approve its own critical command: the core's 409 is shown as it says it.
        await row.Locator("button", new LocatorLocatorOptions { HasText = "Approve" }).ClickAsync();
        await Assertions.Expect(sender.Locator("#banner")).ToContainTextAsync("409 Conflict with the current state");
        await Assertions.Expect(row.Locator("td.stage")).ToHaveTextAsync("AwaitingApproval");

        var approver = await OpenAsync(chromium, secondOperator, errors);
        var pending = approver.Locator("#command-queue tbody tr[data-command]");
        await pending.Locator("button", new LocatorLocatorOptions { HasText = "Approve" }).ClickAsync();
        await Assertions.Expect(approver.Locator("#banner")).ToContainTextAsync("approved");
        await Assertions.Expect(pending.Locator("td.stage")).ToHaveTextAsync("Queued");
        await Assertions.Expect(pending.Locator("td").Nth(4)).ToHaveTextAsync("olga (approved by otto)");
        var command = Assert.Single((await Core.GetAsync("api/v1/commands", _operatorKey)).AsArray())!;
        Assert.Equal("Queued", (string?)command["stage"]);
        Assert.Equal("otto", (string?)command["approvedBy"]);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Telemetry_is_coloured_by_its_limits_and_an_alarm_is_acknowledged_from_the_console()
    {
        await using var chromium = await ChromiumBrowser.LaunchAsync();
        var errors = new List<string>();
        var page = await OpenAsync(chromium, _operatorKey, errors);
        await Assertions.Expect(page.Locator("#telemetry tbody td.muted")).ToHaveTextAsync("none");

        // Two frames below the battery's red limit (its persistence is two samples) and a yellow temperature.
        await Core.IngestHousekeepingAsync(1, batteryVolts: 6.0, batteryCelsius: 45);
        await Core.IngestHousekeepingAsync(2, batteryVolts: 6.0, batteryCelsius: 45);

        var voltage = page.Locator("#telemetry tr[data-parameter='batteryVoltage']");
        await Assertions.Expect(voltage).ToHaveClassAsync("limit-Red");
        await Assertions.Expect(voltage.Locator("td.value")).ToHaveTextAsync("6");
        await Assertions.Expect(voltage.Locator("td.value")).ToHaveCSSAsync("color", "rgb(248, 81, 73)");
        await Assertions.Expect(page.Locator("#telemetry tr[data-parameter='batteryTemperature']")).ToHaveClassAsync("limit-Yellow");
        await Assertions.Expect(page.Locator("#telemetry tr[data-parameter='obcTemperature']")).ToHaveClassAsync("limit-Nominal");

        var alarm = page.Locator("#alarms tbody tr[data-alarm]", new PageLocatorOptions { HasText = "batteryVoltage" });
        await Assertions.Expect(alarm.Locator("td").Nth(2)).ToHaveTextAsync("Red");
        await Assertions.Expect(alarm.Locator("td").Nth(5)).ToHaveTextAsync("raised, unacknowledged");
        await alarm.Locator("button", new LocatorLocatorOptions { HasText = "Acknowledge" }).ClickAsync();
        await Assertions.Expect(alarm.Locator("td").Nth(5)).ToHaveTextAsync("raised, acknowledged by olga");
        await Assertions.Expect(alarm.Locator("button")).ToHaveCountAsync(0);
        var stored = (await Core.GetAsync("api/v1/alarms?state=all", _operatorKey)).AsArray()
            .Single(a => (string?)a!["parameter"] == "batteryVoltage")!;
        Assert.Equal("olga", (string?)stored["acknowledgedBy"]);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_stations_presence_and_device_health_reach_the_page_live()
    {
        await using var chromium = await ChromiumBrowser.LaunchAsync();
        var errors = new List<string>();
        var page = await OpenAsync(chromium, _viewerKey, errors);
        var ohio = page.Locator("#stations tr[data-station='gs-ohio'] td");
        await Assertions.Expect(ohio.Nth(1)).ToHaveTextAsync("unknown");

        await Core.ReportOhioAsync();

        await Assertions.Expect(ohio.Nth(1)).ToHaveTextAsync("Online");
        await Assertions.Expect(ohio.Nth(2)).ToHaveTextAsync("Up");
        await Assertions.Expect(ohio.Nth(3)).ToHaveTextAsync("Degraded");
        await Assertions.Expect(ohio.Nth(4)).ToHaveTextAsync("Down");
        await Assertions.Expect(ohio.Nth(4)).ToHaveCSSAsync("color", "rgb(248, 81, 73)");
        await Assertions.Expect(ohio.Nth(5)).ToHaveTextAsync("12");
        Assert.Equal("Online", (string?)(await Core.GetAsync("/api/v1/stations/gs-ohio", _viewerKey))["status"]);
        Assert.Equal("unknown", (string?)(await Core.GetAsync("/api/v1/stations/gs-munich", _viewerKey))["status"]);
        await Assertions.Expect(page.Locator("#stations tr[data-station='gs-munich'] td").Nth(1)).ToHaveTextAsync("unknown");
        Assert.Empty(errors);
    }

    private async Task<IPage> OpenAsync(ChromiumBrowser chromium, string key, List<string> errors)
    {
        // A context of its own: the key lives in the page's session storage, one operator per context.
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(Core.ConsoleUri.ToString());
        await SignInAsync(page, key);
        await Assertions.Expect(page.Locator("#command-satellite option[value='25544']")).ToHaveCountAsync(1);
        return page;
    }

    private static async Task SignInAsync(IPage page, string key)
    {
        await page.Locator("#api-key").FillAsync(key);
        await page.Locator("#key-form button").ClickAsync();
        // The clock shows once the core answered with this key's first refresh under way.
        await Assertions.Expect(page.Locator("#clock")).ToContainTextAsync("2014-01-");
    }
}
