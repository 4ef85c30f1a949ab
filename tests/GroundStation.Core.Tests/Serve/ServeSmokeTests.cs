using System.Net;
using System.Text.Json;

namespace GroundStation.Core.Tests.Serve;

public sealed class ServeSmokeTests
{
    [Fact]
    public async Task TheApiRefusesAMissingKeyAndServesContactsAndTheOpenApiDocument()
    {
        await using var core = await CoreInstance.StartAsync();
        using (var anonymous = await core.SendAsync(HttpMethod.Get, "api/v1/contacts", null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        var viewer = await core.CreateKeyAsync("vera", "viewer");
        using (var contacts = await core.SendAsync(HttpMethod.Get, "api/v1/contacts", viewer))
        {
            Assert.Equal(HttpStatusCode.OK, contacts.StatusCode);
            Assert.Equal("[]", await contacts.Content.ReadAsStringAsync());
        }

        using (var cancel = await core.SendAsync(HttpMethod.Post, "api/v1/contacts/gs-eu.25544.20300101T0000Z/cancel", viewer, JsonBody("""{"reason":"x"}""")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, cancel.StatusCode);
        }

        using var openApi = await core.SendAsync(HttpMethod.Get, "openapi/v1.json", null);
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        using var document = JsonDocument.Parse(await openApi.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/contacts", out _));
        Assert.True(paths.TryGetProperty("/api/v1/events", out _));
    }

    private static StringContent JsonBody(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
