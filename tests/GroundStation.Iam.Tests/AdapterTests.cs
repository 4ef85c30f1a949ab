using System.Net;
using System.Net.Http.Headers;
using System.Text;
using GroundStation.Iam.AspNetCore;
using GroundStation.Iam.Broker;
using GroundStation.Iam.Client;
using GroundStation.Iam.Service;
using GroundStation.Messaging.Broker;
using GroundStation.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GroundStation.Iam.Tests;

public class AdapterTests
{
    private static BrokerConnectRequest Connect(string? password, string address = "127.0.0.1") =>
        new("c1", "agent", password is null ? null : Encoding.ASCII.GetBytes(password), new IPEndPoint(IPAddress.Parse(address), 40000), false);

    [Fact]
    public async Task The_broker_admits_api_keys_and_confines_an_edge_agent_to_its_station()
    {
        await using var server = await IamTestServer.StartAsync();
        var admin = server.Client(server.AdminKey);
        var edge = await admin.CreateKeyAsync(new CreateKeyRequest("agent-s1", null, ["edge-agent"], "edge-agent", null, "s1", null), CancellationToken.None);
        var viewer = await admin.CreateKeyAsync(new CreateKeyRequest("watcher", null, ["viewer"], "operator", null, null, null), CancellationToken.None);
        var ops = await admin.CreateKeyAsync(new CreateKeyRequest("ops", null, ["operator"], "operator", null, null, null), CancellationToken.None);
        var sessions = new BrokerSessionKeys();
        var verifier = server.Client(server.AdminKey);
        var authenticator = new IamBrokerAuthenticator(verifier, sessions, TimeProvider.System, failuresPerSource: 3);
        var authorizer = new IamBrokerAuthorizer(verifier, sessions);

        var agent = (await authenticator.AuthenticateAsync(Connect(edge.Key), CancellationToken.None)).Identity!;
        Assert.Equal("agent-s1", agent.Principal);
        Assert.DoesNotContain(edge.Key[10..^6], string.Join(",", agent.Attributes.Values), StringComparison.Ordinal);
        Assert.True(await authorizer.MayPublishAsync(agent, "gs/v1/stations/s1/telemetry/rotator", CancellationToken.None));
        Assert.False(await authorizer.MayPublishAsync(agent, "gs/v1/stations/s2/telemetry/rotator", CancellationToken.None));
        Assert.False(await authorizer.MayPublishAsync(agent, "gs/v1/other", CancellationToken.None));
        Assert.True(await authorizer.MaySubscribeAsync(agent, "gs/v1/stations/s1/plan/#", CancellationToken.None));
        Assert.True(await authorizer.MaySubscribeAsync(agent, "gs/v1/stations/s1/commands/#", CancellationToken.None));
        Assert.False(await authorizer.MaySubscribeAsync(agent, "gs/v1/stations/s1/#", CancellationToken.None));
        Assert.False(await authorizer.MaySubscribeAsync(agent, "gs/v1/stations/+/commands/#", CancellationToken.None));
        Assert.False(await authorizer.MaySubscribeAsync(agent, "gs/v1/stations/s2/commands/#", CancellationToken.None));
        Assert.False(await authorizer.MaySubscribeAsync(agent, "gs/v1/stations/s1/telemetry/#", CancellationToken.None));

        var watcher = (await authenticator.AuthenticateAsync(Connect(viewer.Key), CancellationToken.None)).Identity!;
        Assert.True(await authorizer.MaySubscribeAsync(watcher, "gs/v1/stations/+/telemetry/#", CancellationToken.None));
        Assert.False(await authorizer.MaySubscribeAsync(watcher, "gs/v1/stations/s1/commands/#", CancellationToken.None));
        Assert.False(await authorizer.MayPublishAsync(watcher, "gs/v1/stations/s1/commands/x", CancellationToken.None));

        var operatorClient = (await authenticator.AuthenticateAsync(Connect(ops.Key), CancellationToken.None)).Identity!;
        Assert.True(await authorizer.MayPublishAsync(operatorClient, "gs/v1/stations/s2/commands/x", CancellationToken.None));

        // Revocation reaches a connected client's next topic decision.
        await admin.RevokeKeyAsync(edge.Record.Id, CancellationToken.None);
        Assert.False(await authorizer.MayPublishAsync(agent, "gs/v1/stations/s1/telemetry/rotator", CancellationToken.None));
    }

    [Fact]
    public async Task The_broker_refuses_bad_passwords_and_then_the_flooding_source()
    {
        await using var server = await IamTestServer.StartAsync();
        var authenticator = new IamBrokerAuthenticator(server.Client(server.AdminKey), new BrokerSessionKeys(), new ManualTimeProvider(), failuresPerSource: 4);
        foreach (var password in new[] { null, "", "password", "gs_o_live_x" })
        {
            Assert.Equal(BrokerRefusal.BadCredentials, (await authenticator.AuthenticateAsync(Connect(password, "10.0.0.9"), CancellationToken.None)).Refusal);
        }

        Assert.Equal(BrokerRefusal.NotAuthorized, (await authenticator.AuthenticateAsync(Connect(server.AdminKey, "10.0.0.9"), CancellationToken.None)).Refusal);
        Assert.NotNull((await authenticator.AuthenticateAsync(Connect(server.AdminKey, "10.0.0.10"), CancellationToken.None)).Identity);
    }

    [Fact]
    public async Task The_core_api_handler_authenticates_bearer_keys_and_maps_endpoints_to_actions()
    {
        await using var server = await IamTestServer.StartAsync();
        var admin = server.Client(server.AdminKey);
        var ops = await admin.CreateKeyAsync(new CreateKeyRequest("ops", null, ["operator"], "operator", null, null, null), CancellationToken.None);
        var viewer = await admin.CreateKeyAsync(new CreateKeyRequest("watcher", null, ["viewer"], "operator", null, null, null), CancellationToken.None);

        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.AddSingleton<IKeyVerifier>(server.Client(server.AdminKey));
        builder.Services.AddGroundStationIamAuthentication();
        await using var core = builder.Build();
        core.UseAuthentication();
        core.UseAuthorization();
        core.MapPost("/satellites/{norad}/passes", () => "scheduled").RequireIam("pass:schedule", "tenant/{tenant}/satellite/{norad}");
        core.MapPost("/satellites/{norad}/critical", (HttpContext http) => string.Join(",", (IReadOnlyList<string>)http.Items[IamClaims.ObligationsItem]!))
            .RequireIam("command:send-critical", "tenant/{tenant}/satellite/{norad}");
        await core.StartAsync();

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        async Task<HttpResponseMessage> Post(string path, string? key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path);
            if (key is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }

            return await http.SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.OK, (await Post("satellites/25544/passes", ops.Key)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Post("satellites/25544/passes", viewer.Key)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Post("satellites/25544/passes", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Post("satellites/25544/passes", "gs_o_live_nonsense")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Post("satellites/..%2F1/passes", ops.Key)).StatusCode);
        var critical = await Post("satellites/25544/critical", ops.Key);
        Assert.Equal("two-person-approval", await critical.Content.ReadAsStringAsync());
        await core.StopAsync();
    }
}
