using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GroundStation.Commanding.Api;
using GroundStation.Messaging.Contracts;
using GroundStation.Testing.Iam;
using Microsoft.Extensions.DependencyInjection;

namespace GroundStation.Commanding.Tests;

public sealed class CommandingApiTests
{
    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Operators_send_and_approve_through_IAM_a_viewer_is_refused_and_audited_and_tenants_stay_apart()
    {
        await using var iam = await IamHost.StartAsync();
        await using var h = new CommandHarness();
        h.Windows.Add("st1", CommandHarness.T0.AddHours(1), TimeSpan.FromMinutes(8));
        await using var core = await iam.StartCoreAsync(services =>
        {
            services.AddSingleton<TimeProvider>(h.Time);
            services.AddSingleton<ICommandWindowSource>(h.Windows);
            services.AddSingleton<ICommandTargetDirectory>(h.Targets);
            services.AddSingleton<ICommandPublisher>(h.Publisher);
            services.AddSingleton(h.Key);
            services.AddCommanding(o => o.DatabasePath = h.Options.DatabasePath + ".api.db");
        }, endpoints => endpoints.MapCommandingApi());
        using var alice = IamHost.Http(core, iam.Alice);
        using var bob = IamHost.Http(core, iam.Bob);
        using var viewer = IamHost.Http(core, iam.Viewer);
        using var olga = IamHost.Http(core, iam.OtherTenant);
        using var anonymous = IamHost.Http(core, null);

        var dictionary = await Json(await alice.GetAsync("api/v1/satellites/25544/command-dictionary"));
        Assert.Equal(new[] { "ping", "set-mode", "reboot", "dump-stored-telemetry" }, dictionary.EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToArray());
        Assert.True(dictionary[1].GetProperty("critical").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await olga.GetAsync("api/v1/satellites/25544/command-dictionary")).StatusCode);

        var sent = await alice.PostAsJsonAsync("api/v1/commands", new { norad = 25544, command = "set-mode", argumentHex = "01", expiresInSeconds = 7200 });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var command = await Json(sent);
        var id = command.GetProperty("commandId").GetString()!;
        Assert.Equal("AwaitingApproval", command.GetProperty("stage").GetString());
        Assert.Equal("alice", command.GetProperty("sentBy").GetString());

        var own = await alice.PostAsync($"api/v1/commands/{id}/approve", null);
        Assert.Equal(HttpStatusCode.Conflict, own.StatusCode);
        Assert.Contains("second principal", await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"api/v1/commands/{id}/approve", null)).StatusCode);

        var approved = await bob.PostAsync($"api/v1/commands/{id}/approve", null);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("Queued", (await Json(approved)).GetProperty("stage").GetString());

        var detail = await Json(await viewer.GetAsync($"api/v1/commands/{id}"));
        Assert.Equal("bob", detail.GetProperty("approvedBy").GetString());
        Assert.Equal(new[] { "Received", "AwaitingApproval", "Queued" }, detail.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("stage").GetString()!).ToArray());
        Assert.Equal(HttpStatusCode.NotFound, (await olga.GetAsync($"api/v1/commands/{id}")).StatusCode);
        Assert.Single((await Json(await alice.GetAsync("api/v1/commands?norad=25544&stage=Queued"))).EnumerateArray());
        Assert.Empty((await Json(await olga.GetAsync("api/v1/commands"))).EnumerateArray());

        // A viewer may not command: 403, and IAM audited the refusal.
        var refused = await viewer.PostAsJsonAsync("api/v1/commands", new { norad = 25544, command = "ping" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var audit = await iam.WaitForAuditAsync(a => a.Principal == "vic" && a.Action == "command:send" && !a.Allowed);
        Assert.Equal("tenant/t1/satellite/25544", audit.Resource);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("api/v1/commands", new { norad = 25544, command = "ping" })).StatusCode);

        // Validation names the field; another tenant's satellite is not found.
        var bad = await alice.PostAsJsonAsync("api/v1/commands", new { norad = 25544, command = "set-mode", argumentHex = "09" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("mode 9", (await Json(bad)).GetProperty("errors").GetProperty("argumentHex")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.PostAsJsonAsync("api/v1/commands", new { norad = 25544, command = "ping", argumentHex = "zz" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.PostAsJsonAsync("api/v1/commands", new { norad = 40000, command = "ping" })).StatusCode);

        // Queue hold and release, then cancel.
        var held = await Json(await alice.PostAsync("api/v1/satellites/25544/command-queue/hold", null));
        Assert.True(held.GetProperty("held").GetBoolean());
        Assert.False((await Json(await alice.PostAsync("api/v1/satellites/25544/command-queue/release", null))).GetProperty("held").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("api/v1/satellites/25544/command-queue/hold", null)).StatusCode);
        var cancelled = await alice.PostAsJsonAsync($"api/v1/commands/{id}/cancel", new { reason = "changed plan" });
        Assert.Equal("Cancelled", (await Json(cancelled)).GetProperty("stage").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await alice.PostAsJsonAsync($"api/v1/commands/{id}/cancel", new { reason = "again" })).StatusCode);
        await core.StopAsync();
    }
}
