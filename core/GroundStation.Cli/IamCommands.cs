using System.CommandLine;
using System.Text.Json;
using GroundStation.Iam.Client;
using GroundStation.Iam.Service;
using GroundStation.Iam.Storage;

namespace GroundStation.Cli;

/// <summary>
/// <c>gsctl iam key create|list|revoke|rotate</c> over the IAM HTTP API, with the caller's key from <c>--key</c>, the
/// <c>GS_API_KEY</c> variable or <c>--key-file</c>; and <c>gsctl iam audit verify --data DIR</c>, which checks the
/// hash chain directly in the store file (the API serves one tenant's records, the chain spans all of them).
/// </summary>
internal static class IamCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Builds <c>gsctl iam</c>; <paramref name="time"/> dates new keys' expiry.</summary>
    public static Command Create(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var url = new Option<string>("--url") { Description = "IAM service base URL (env GS_IAM_URL).", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("GS_IAM_URL") ?? "http://127.0.0.1:8081/", Recursive = true };
        var key = new Option<string?>("--key") { Description = "Your API key (prefer GS_API_KEY or --key-file: arguments show in process lists).", Recursive = true };
        var keyFile = new Option<string?>("--key-file") { Description = "File holding your API key.", Recursive = true };
        var iam = new Command("iam", "API keys and the audit log.") { url, key, keyFile };
        var keys = new Command("key", "Create, list, revoke and rotate API keys.");
        iam.Subcommands.Add(keys);

        var principal = new Option<string>("--principal") { Description = "Who holds the new key.", Required = true };
        var roles = new Option<string>("--roles") { Description = "Comma-separated roles: admin, operator, viewer, edge-agent.", Required = true };
        var kind = new Option<string>("--kind") { Description = "operator, automation or edge-agent.", DefaultValueFactory = _ => "automation" };
        var station = new Option<string?>("--station") { Description = "Station of an edge-agent key." };
        var days = new Option<int?>("--expires-in-days") { Description = "Days until the key expires (service default when absent)." };
        var create = new Command("create", "Create a key; it is printed once.") { principal, roles, kind, station, days };
        create.SetAction((r, ct) => RunAsync(r, url, key, keyFile, async client =>
        {
            var expires = r.GetValue(days) is { } d ? time.GetUtcNow().AddDays(d) : (DateTimeOffset?)null;
            var created = await client.CreateKeyAsync(
                new CreateKeyRequest(r.GetValue(principal), null, r.GetValue(roles)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), r.GetValue(kind), null, r.GetValue(station), expires), ct);
            Console.Error.WriteLine($"Created {created.Record.Id} ({created.Record.Stub}); the key is shown once:");
            Console.WriteLine(created.Key);
        }));
        keys.Subcommands.Add(create);

        var list = new Command("list", "List your tenant's keys (no secrets).");
        list.SetAction((r, ct) => RunAsync(r, url, key, keyFile, async client => Print(await client.ListKeysAsync(ct))));
        keys.Subcommands.Add(list);

        var revokeId = new Argument<string>("id") { Description = "Key id (key_...)." };
        var revoke = new Command("revoke", "Revoke a key for good.") { revokeId };
        revoke.SetAction((r, ct) => RunAsync(r, url, key, keyFile, async client => Print(await client.RevokeKeyAsync(r.GetValue(revokeId)!, ct))));
        keys.Subcommands.Add(revoke);

        var rotateId = new Argument<string>("id") { Description = "Key id (key_...)." };
        var overlap = new Option<int?>("--overlap-seconds") { Description = "How long the old key keeps working (never past its expiry)." };
        var rotate = new Command("rotate", "Replace a key; the new one is printed once.") { rotateId, overlap };
        rotate.SetAction((r, ct) => RunAsync(r, url, key, keyFile, async client =>
        {
            var created = await client.RotateKeyAsync(r.GetValue(rotateId)!, new RotateKeyRequest(r.GetValue(overlap), null), ct);
            Console.Error.WriteLine($"Created {created.Record.Id} ({created.Record.Stub}) replacing {created.Record.RotatedFrom}; the key is shown once:");
            Console.WriteLine(created.Key);
        }));
        keys.Subcommands.Add(rotate);

        var data = new Option<string>("--data") { Description = "Data directory of the IAM service (holding iam.db).", Required = true };
        var verify = new Command("verify", "Check the audit log's hash chain in the store file.") { data };
        verify.SetAction(VerifyChainAsync(data));
        iam.Subcommands.Add(new Command("audit", "The audit log.") { verify });
        return iam;
    }

    private static Func<ParseResult, CancellationToken, Task<int>> VerifyChainAsync(Option<string> data) => async (r, ct) =>
    {
        var path = Path.Combine(r.GetValue(data)!, SqliteIamStore.FileName);
        if (!File.Exists(path))
        {
            return Fail($"--data: no {SqliteIamStore.FileName} in {r.GetValue(data)}");
        }

        var store = SqliteIamStore.Open(r.GetValue(data)!);
        var report = await AuditStoreVerifier.VerifyAsync(store, ct);
        if (!report.Intact)
        {
            Console.Error.WriteLine($"gsctl iam audit verify: chain BROKEN at record {report.FirstBadSequence}: {report.Problem}");
            return 1;
        }

        Console.WriteLine($"audit chain intact: {report.Checked} records");
        return 0;
    };

    private static async Task<int> RunAsync(ParseResult result, Option<string> url, Option<string?> key, Option<string?> keyFile, Func<IamClient, Task> action)
    {
        if (!Uri.TryCreate(result.GetValue(url), UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
        {
            return Fail($"--url: '{result.GetValue(url)}' is not an http(s) URL");
        }

        var callerKey = result.GetValue(key) ?? Environment.GetEnvironmentVariable("GS_API_KEY");
        var file = result.GetValue(keyFile);
        if (callerKey is null && file is not null)
        {
            if (!File.Exists(file))
            {
                return Fail($"--key-file: '{file}' does not exist");
            }

            callerKey = (await File.ReadAllTextAsync(file)).Trim();
        }

        if (string.IsNullOrWhiteSpace(callerKey))
        {
            return Fail("no API key: pass --key, set GS_API_KEY or pass --key-file");
        }

        using var http = new HttpClient { BaseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/") };
        try
        {
            await action(new IamClient(http, callerKey));
            return 0;
        }
        catch (IamClientException exception)
        {
            return Fail(exception.Message);
        }
        catch (HttpRequestException exception)
        {
            return Fail($"cannot reach {baseAddress}: {exception.Message}");
        }
    }

    private static void Print<T>(T value) => Console.WriteLine(JsonSerializer.Serialize(value, Json));

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"gsctl iam: {message}");
        return 2;
    }
}
