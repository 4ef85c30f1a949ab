using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using GroundStation.Iam.Client;
using GroundStation.Iam.Keys;
using GroundStation.Iam.Service;
using GroundStation.Testing;

namespace GroundStation.Iam.Tests;

public class ApiAttackTests
{
    private static byte[] Request(string path, params string[] headerLines)
    {
        var text = new StringBuilder($"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        foreach (var line in headerLines)
        {
            text.Append(line).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(text.Append("\r\n").ToString());
    }

    [Fact]
    public async Task Malformed_keys_get_the_same_401_without_any_store_lookup_and_never_a_500()
    {
        await using var server = await IamTestServer.StartAsync(options: new IamServiceOptions { FailuresPerSource = 1000 });
        var valid = server.AdminKey;
        var badCheck = valid[..^1] + (valid[^1] == 'A' ? 'B' : 'A');
        var cases = new Dictionary<string, byte[]>
        {
            ["no header"] = Request("/v1/keys"),
            ["empty"] = Request("/v1/keys", "Authorization: Bearer "),
            ["whitespace"] = Request("/v1/keys", "Authorization: Bearer    "),
            ["wrong scheme"] = Request("/v1/keys", "Authorization: Basic " + valid),
            ["wrong prefix"] = Request("/v1/keys", "Authorization: Bearer gh_o_live_" + valid[10..]),
            ["bad checksum"] = Request("/v1/keys", "Authorization: Bearer " + badCheck),
            ["10 KB"] = Request("/v1/keys", "Authorization: Bearer " + new string('A', 10 * 1024)),
            ["unicode look-alike"] = Request("/v1/keys", "Authorization: Bearer " + valid.Replace('o', '\u043E')),
            ["two headers"] = Request("/v1/keys", "Authorization: Bearer " + valid, "Authorization: Bearer " + valid),
        };

        string? firstBody = null;
        foreach (var (name, request) in cases)
        {
            var (status, body) = await server.RawAsync(request);
            Assert.True(status == 401, $"{name}: status {status}, body {body}");
            firstBody ??= body;
            Assert.True(firstBody == body, $"{name}: body differs: {body}");
        }

        // Kestrel's HTTP parser rejects a NUL in any header with 400 before the application runs: still no lookup, no 500.
        var (nulStatus, _) = await server.RawAsync(Request("/v1/keys", "Authorization: Bearer " + valid[..20] + "\0" + valid[21..]));
        Assert.Equal(400, nulStatus);

        // The same attacks inside a verify body: the one "invalid key" answer, and still no lookup.
        var admin = server.Client(server.AdminKey);
        var lookupsBefore = server.Store.HashLookups;
        foreach (var key in new[] { "", "   ", "gh_o_live_" + valid[10..], badCheck, new string('A', 10 * 1024), valid.Replace('o', '\u043E'), valid[..20] + "\0" + valid[21..] })
        {
            Assert.Equal(VerifyResponse.Invalid.Reason, (await admin.VerifyAsync(key, "telemetry:read", "station/s1", CancellationToken.None)).Reason);
        }

        // The only lookups are of the admin's own (caller) key; the verified keys added none.
        Assert.Equal(lookupsBefore + server.Store.LookupsOf(server.AdminKey), server.Store.HashLookups);
    }

    [Fact]
    public async Task A_key_in_the_query_string_is_refused_even_when_valid()
    {
        await using var server = await IamTestServer.StartAsync();
        using var http = server.Http();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.AdminKey);
        using var response = await http.GetAsync($"v1/keys?api_key={server.AdminKey}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var sneaky = await http.GetAsync($"v1/audit?from={server.AdminKey}");
        Assert.Equal(HttpStatusCode.BadRequest, sneaky.StatusCode);
    }

    [Fact]
    public async Task Cross_tenant_verification_and_key_ids_look_exactly_like_unknown_ones()
    {
        await using var server = await IamTestServer.StartAsync();
        var admin = server.Client(server.AdminKey);
        var operatorKey = await admin.CreateKeyAsync(new CreateKeyRequest("ops", null, ["operator"], "operator", null, null, null), CancellationToken.None);
        var unknown = ApiKey.Generate(ApiKeyKind.Operator, ApiKeyEnvironment.Live).Reveal();
        using var http = server.Http();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.AdminKey);

        async Task<(HttpStatusCode, string)> Verify(string key, string resource)
        {
            using var response = await http.PostAsJsonAsync("v1/keys/verify", new VerifyRequest(key, "telemetry:read", resource));
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var own = await Verify(operatorKey.Key, "tenant/t1/satellite/25544");
        Assert.Contains("\"allowed\":true", own.Item2, StringComparison.Ordinal);
        var crossTenant = await Verify(operatorKey.Key, "tenant/t2/satellite/25544");
        var unknownKey = await Verify(unknown, "tenant/t2/satellite/25544");
        Assert.Equal(unknownKey, crossTenant);

        // Another tenant's admin sees t1's key ids exactly as ids that do not exist.
        var otherStoreKey = ApiKey.Generate(ApiKeyKind.Operator, ApiKeyEnvironment.Live);
        await server.Store.InsertKeyAsync(
            new KeyRecord(KeyId.New(), otherStoreKey.Hash(), otherStoreKey.Stub, new PrincipalId("eve"), new TenantId("t2"), ["admin"], null, ApiKeyKind.Operator,
                ApiKeyEnvironment.Live, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1), false, null, null),
            CancellationToken.None);
        using var eve = server.Http();
        eve.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", otherStoreKey.Reveal());
        using var foreign = await eve.PostAsync($"v1/keys/{operatorKey.Record.Id}/revoke", null);
        using var missing = await eve.PostAsync($"v1/keys/{KeyId.New()}/revoke", null);
        Assert.Equal(missing.StatusCode, foreign.StatusCode);
        Assert.Equal(await missing.Content.ReadAsStringAsync(), await foreign.Content.ReadAsStringAsync());
        Assert.Equal("active", (await admin.ListKeysAsync(CancellationToken.None)).Single(k => k.Id == operatorKey.Record.Id).State);
    }

    [Fact]
    public async Task Creating_or_rotating_a_broader_key_is_refused()
    {
        await using var server = await IamTestServer.StartAsync();
        var admin = server.Client(server.AdminKey);
        // A key administrator that is not an operator may not mint operators; an operator may not mint anything.
        var viewerAdmin = await admin.CreateKeyAsync(new CreateKeyRequest("va", null, ["viewer"], "operator", null, null, null), CancellationToken.None);
        var operatorKey = await admin.CreateKeyAsync(new CreateKeyRequest("ops", null, ["operator"], "operator", null, null, null), CancellationToken.None);
        var ops = server.Client(operatorKey.Key);
        var refused = await Assert.ThrowsAsync<IamClientException>(() => ops.CreateKeyAsync(new CreateKeyRequest("x", null, ["admin"], null, null, null, null), CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        var otherTenant = await Assert.ThrowsAsync<IamClientException>(() => admin.CreateKeyAsync(new CreateKeyRequest("x", "t2", ["viewer"], null, null, null, null), CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, otherTenant.Status);
        var viewer = server.Client(viewerAdmin.Key);
        var rotate = await Assert.ThrowsAsync<IamClientException>(() => viewer.RotateKeyAsync(operatorKey.Record.Id, new RotateKeyRequest(0, null), CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, rotate.Status);
        Assert.DoesNotContain((await admin.ListKeysAsync(CancellationToken.None)), k => k.Principal == "x" || k.RotatedFrom == operatorKey.Record.Id);
    }

    [Fact]
    public async Task A_key_works_until_the_instant_before_its_expiry_and_not_at_it()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await IamTestServer.StartAsync(time);
        var admin = server.Client(server.AdminKey);
        var expiry = time.GetUtcNow().AddHours(1);
        var key = await admin.CreateKeyAsync(new CreateKeyRequest("ops", null, ["viewer"], null, null, null, expiry), CancellationToken.None);
        time.SetUtcNow(expiry.AddTicks(-1));
        Assert.True((await admin.VerifyAsync(key.Key, "telemetry:read", "station/s1", CancellationToken.None)).Allowed);
        time.SetUtcNow(expiry);
        Assert.Equal(VerifyResponse.Invalid with { Obligations = [] }, (await admin.VerifyAsync(key.Key, "telemetry:read", "station/s1", CancellationToken.None)) with { Obligations = [] });
    }

    [Fact]
    public async Task Rotation_overlap_never_extends_past_the_old_expiry()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await IamTestServer.StartAsync(time);
        var admin = server.Client(server.AdminKey);
        var old = await admin.CreateKeyAsync(new CreateKeyRequest("bot", null, ["viewer"], null, null, null, time.GetUtcNow().AddMinutes(10)), CancellationToken.None);
        var rotated = await admin.RotateKeyAsync(old.Record.Id, new RotateKeyRequest(3600, null), CancellationToken.None);
        var listed = await admin.ListKeysAsync(CancellationToken.None);
        Assert.Equal(old.Record.ExpiresAt, listed.Single(k => k.Id == old.Record.Id).ExpiresAt);
        Assert.Equal(old.Record.Id, rotated.Record.RotatedFrom);
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.False((await admin.VerifyAsync(old.Key, null, null, CancellationToken.None)).Valid);
        Assert.True((await admin.VerifyAsync(rotated.Key, null, null, CancellationToken.None)).Valid);
    }

    [Fact]
    public async Task Floods_of_bad_keys_get_429_per_source_while_other_sources_go_on()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await IamTestServer.StartAsync(time, new IamServiceOptions { FailuresPerSource = 5, FailureWindow = TimeSpan.FromMinutes(1) });
        using var attacker = server.Http(IPAddress.Parse("127.0.0.2"));
        attacker.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer gs_o_live_garbage");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await attacker.GetAsync("v1/keys");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            }
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3)), statuses);
        using var honest = server.Http(IPAddress.Parse("127.0.0.3"));
        honest.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await honest.GetAsync("v1/keys")).StatusCode);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.GetAsync("v1/keys")).StatusCode);
    }

    [Fact]
    public async Task A_hundred_parallel_requests_against_a_limit_of_ten_admit_exactly_ten()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await IamTestServer.StartAsync(time, new IamServiceOptions { RequestsPerKey = 10, RequestWindow = TimeSpan.FromMinutes(1) });
        using var http = server.Http();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.AdminKey);
        using var start = new ManualResetEventSlim();
        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            using var response = await http.PostAsJsonAsync("v1/keys/verify", new VerifyRequest(server.AdminKey, "pass:read", "station/s1"));
            return response.StatusCode;
        })).Append(Task.Run(() =>
        {
            start.Set();
            return HttpStatusCode.Continue;
        })));
        Assert.Equal(10, responses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(90, responses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Theory]
    [InlineData("v1/revocations?after=0&wait=NaN")]
    [InlineData("v1/revocations?after=0&wait=Infinity")]
    [InlineData("v1/audit?from=yesterday")]
    [InlineData("v1/keys/not-an-id/revoke")]
    public async Task Nonsense_parameters_get_a_4xx_never_a_500(string path)
    {
        await using var server = await IamTestServer.StartAsync();
        using var http = server.Http();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.AdminKey);
        using var response = path.EndsWith("revoke", StringComparison.Ordinal) ? await http.PostAsync(path, null) : await http.GetAsync(path);
        Assert.InRange((int)response.StatusCode, 400, 499);
        using var badJson = await http.PostAsync("v1/keys/verify", new StringContent("{\"key\":", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_is_served_and_names_the_routes()
    {
        await using var server = await IamTestServer.StartAsync();
        using var http = server.Http();
        var document = await http.GetStringAsync(IamServer.OpenApiPath.TrimStart('/'));
        Assert.Contains("/v1/keys/verify", document, StringComparison.Ordinal);
        Assert.Contains("/v1/keys/{id}/rotate", document, StringComparison.Ordinal);
    }
}
