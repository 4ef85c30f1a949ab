using System.Diagnostics;
using GroundStation.Iam.Client;
using GroundStation.Iam.Service;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundStation.Iam.Tests;

public class RevocationTests
{
    private static TimeSpan WithinOneSecond(Stopwatch clock) => TimeSpan.FromTicks(Math.Max(0, (TimeSpan.FromSeconds(1) - clock.Elapsed).Ticks));

    [Fact]
    public async Task A_revoked_key_is_refused_by_every_node_within_one_second()
    {
        await using var first = await IamTestServer.StartAsync();
        await using var second = await IamTestServer.StartAsync(dataDirectory: first.DataDirectory, bootstrap: false);
        var admin = first.Client(first.AdminKey);
        var victim = await admin.CreateKeyAsync(new CreateKeyRequest("bot", null, ["viewer"], null, null, null, null), CancellationToken.None);
        // A long TTL proves that the push, not expiry of cached answers, does the work.
        await using var cache = new CachingKeyVerifier(second.Client(first.AdminKey), TimeProvider.System,
            new CachingKeyVerifierOptions { Ttl = TimeSpan.FromMinutes(5) }, NullLogger<CachingKeyVerifier>.Instance);
        await cache.StartAsync(CancellationToken.None);
        Assert.True((await cache.VerifyAsync(victim.Key, "telemetry:read", "station/s1", CancellationToken.None)).Allowed);
        Assert.Equal(1, cache.Count);

        // The victim is also a recent caller of node B, which remembers authenticated callers for up to a second.
        Assert.True((await second.Client(victim.Key).VerifyAsync(victim.Key, null, null, CancellationToken.None)).Valid);
        var secondSawIt = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        second.App.Services.GetRequiredService<RevocationNotifier>().Changed += () => secondSawIt.TrySetResult();

        var pushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cache.Revoked += id =>
        {
            if (id == victim.Record.Id)
            {
                pushed.TrySetResult();
            }
        };
        // The clock starts when the revocation commits, not when the API answers (which also waits for the audit record).
        var clock = new Stopwatch();
        first.Store.Revoked += _ => clock.Start();
        await admin.RevokeKeyAsync(victim.Record.Id, CancellationToken.None);
        await pushed.Task.WaitAsync(WithinOneSecond(clock));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"push took {clock.Elapsed}");

        Assert.False((await cache.VerifyAsync(victim.Key, "telemetry:read", "station/s1", CancellationToken.None)).Valid);
        Assert.False((await first.Client(first.AdminKey).VerifyAsync(victim.Key, "telemetry:read", "station/s1", CancellationToken.None)).Valid);
        Assert.False((await second.Client(first.AdminKey).VerifyAsync(victim.Key, "telemetry:read", "station/s1", CancellationToken.None)).Valid);
        await secondSawIt.Task.WaitAsync(WithinOneSecond(clock));
        var asCaller = await Assert.ThrowsAsync<IamClientException>(() => second.Client(victim.Key).VerifyAsync(victim.Key, null, null, CancellationToken.None).AsTask());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, asCaller.Status);
    }

    [Fact]
    public async Task Critical_commands_always_ask_the_service_and_invalid_answers_are_not_cached()
    {
        await using var server = await IamTestServer.StartAsync();
        var admin = server.Client(server.AdminKey);
        var ops = await admin.CreateKeyAsync(new CreateKeyRequest("ops", null, ["operator"], "operator", null, null, null), CancellationToken.None);
        await using var cache = new CachingKeyVerifier(server.Client(server.AdminKey), TimeProvider.System, new CachingKeyVerifierOptions(), NullLogger<CachingKeyVerifier>.Instance);
        var lookups = server.Store.LookupsOf(ops.Key);
        var critical = await cache.VerifyAsync(ops.Key, "command:send-critical", "tenant/t1/satellite/25544", CancellationToken.None);
        Assert.Equal(["two-person-approval"], critical.Obligations);
        await cache.VerifyAsync(ops.Key, "command:send-critical", "tenant/t1/satellite/25544", CancellationToken.None);
        Assert.Equal(0, cache.Count);
        Assert.Equal(lookups + 2, server.Store.LookupsOf(ops.Key));
    }

    [Fact]
    public async Task Disabling_stops_a_key_and_publishes_it_while_enabling_restores_it()
    {
        await using var server = await IamTestServer.StartAsync();
        var admin = server.Client(server.AdminKey);
        var bot = await admin.CreateKeyAsync(new CreateKeyRequest("bot", null, ["viewer"], null, null, null, null), CancellationToken.None);
        var before = (await admin.RevocationsAsync(-1, TimeSpan.Zero, CancellationToken.None)).Latest;
        using var http = server.Http();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", server.AdminKey);
        Assert.True((await http.PostAsync($"v1/keys/{bot.Record.Id}/disable", null)).IsSuccessStatusCode);
        Assert.False((await admin.VerifyAsync(bot.Key, null, null, CancellationToken.None)).Valid);
        var feed = await admin.RevocationsAsync(before, TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.Equal(bot.Record.Id, Assert.Single(feed.Events).KeyId);
        Assert.True((await http.PostAsync($"v1/keys/{bot.Record.Id}/enable", null)).IsSuccessStatusCode);
        Assert.True((await admin.VerifyAsync(bot.Key, null, null, CancellationToken.None)).Valid);
    }
}
