using System.Diagnostics;
using System.Globalization;
using GroundStation.Iam.Client;
using GroundStation.Iam.Service;
using Microsoft.Extensions.DependencyInjection;

namespace GroundStation.Benchmarks.Iam;

/// <summary>
/// Percentile measurements BenchmarkDotNet does not report: run with
/// <c>dotnet run -c Release --project tests/GroundStation.Benchmarks -- iam-measure [seconds-of-http-load]</c>.
/// Each latency is one call timed with the high-resolution timestamp; the HTTP load uses 64 concurrent requests
/// over 64 pooled connections.
/// </summary>
public static class IamMeasure
{
    public static async Task<int> RunAsync(string[] args)
    {
        var httpSeconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        await using var environment = await IamBenchEnvironment.StartAsync();
        await CachedAsync(environment);
        await UncachedAsync(environment);
        await HttpAsync(environment, TimeSpan.FromSeconds(httpSeconds), concurrency: 64);
        await RevocationAsync(environment, rounds: 20);
        return 0;
    }

    private static async Task CachedAsync(IamBenchEnvironment environment)
    {
        await using var cache = environment.CachingVerifier(TimeSpan.FromHours(1));
        await cache.StartAsync(CancellationToken.None);
        var samples = new long[1_000_000];
        for (var i = -100_000; i < samples.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var answer = await cache.VerifyAsync(environment.OperatorKey, IamBenchEnvironment.Action, IamBenchEnvironment.Resource, CancellationToken.None);
            var elapsed = Stopwatch.GetTimestamp() - start;
            Check(answer.Allowed);
            if (i >= 0)
            {
                samples[i] = elapsed;
            }
        }

        Report("cached in-process verification (target p99 <= 5 us)", samples);
    }

    private static async Task UncachedAsync(IamBenchEnvironment environment)
    {
        var service = environment.App.Services.GetRequiredService<IamService>();
        var caller = (await service.AuthenticateAsync(environment.AdminKey, "bench", CancellationToken.None))!;
        var request = new VerifyRequest(environment.OperatorKey, IamBenchEnvironment.Action, IamBenchEnvironment.Resource);
        var samples = new long[50_000];
        for (var i = -5_000; i < samples.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var answer = await service.VerifyAsync(caller, request, "bench", CancellationToken.None);
            var elapsed = Stopwatch.GetTimestamp() - start;
            Check(answer.Allowed);
            if (i >= 0)
            {
                samples[i] = elapsed;
            }
        }

        Report("uncached verification: SQLite lookup + policy + audit enqueue (target p99 <= 200 us)", samples);
    }

    private static async Task HttpAsync(IamBenchEnvironment environment, TimeSpan duration, int concurrency)
    {
        var client = environment.Client(concurrency);
        for (var i = 0; i < 2_000; i++)
        {
            await client.VerifyAsync(environment.OperatorKey, IamBenchEnvironment.Action, IamBenchEnvironment.Resource, CancellationToken.None);
        }

        var perWorker = new List<long>[concurrency];
        var wall = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var samples = perWorker[w] = new List<long>(200_000);
            while (wall.Elapsed < duration)
            {
                var start = Stopwatch.GetTimestamp();
                var answer = await client.VerifyAsync(environment.OperatorKey, IamBenchEnvironment.Action, IamBenchEnvironment.Resource, CancellationToken.None);
                samples.Add(Stopwatch.GetTimestamp() - start);
                Check(answer.Allowed);
            }
        }));
        await Task.WhenAll(workers);
        var seconds = wall.Elapsed.TotalSeconds;
        var all = perWorker.SelectMany(s => s).ToArray();
        Console.WriteLine(FormattableString.Invariant($"HTTP verification on loopback, {concurrency} concurrent (target >= 20000 req/s, p99 <= 2 ms): {all.Length / seconds:F0} req/s"));
        Report("  latency", all);
    }

    private static async Task RevocationAsync(IamBenchEnvironment first, int rounds)
    {
        await using var second = await IamBenchEnvironment.StartAsync(first.DataDirectory, first.AdminKey);
        var admin = first.Client();
        await using var cache = second.CachingVerifier(TimeSpan.FromHours(1));
        await cache.StartAsync(CancellationToken.None);
        var samples = new long[rounds];
        for (var round = 0; round < rounds; round++)
        {
            var victim = await admin.CreateKeyAsync(new CreateKeyRequest($"victim{round}", null, ["viewer"], null, null, null, null), CancellationToken.None);
            Check((await cache.VerifyAsync(victim.Key, "telemetry:read", "station/s1", CancellationToken.None)).Allowed);
            var refused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnRevoked(string id)
            {
                if (id == victim.Record.Id)
                {
                    refused.TrySetResult();
                }
            }

            cache.Revoked += OnRevoked;
            var start = Stopwatch.GetTimestamp();
            await admin.RevokeKeyAsync(victim.Record.Id, CancellationToken.None);
            await refused.Task.WaitAsync(TimeSpan.FromSeconds(5));
            Check(!(await cache.VerifyAsync(victim.Key, "telemetry:read", "station/s1", CancellationToken.None)).Valid);
            samples[round] = Stopwatch.GetTimestamp() - start;
            cache.Revoked -= OnRevoked;
        }

        Report("revocation on node A to refusal by the caching client of node B (target <= 1 s)", samples);
    }

    private static void Check(bool condition)
    {
        if (!condition)
        {
            throw new InvalidOperationException("The benchmark got an unexpected verification answer.");
        }
    }

    private static void Report(string name, long[] ticks)
    {
        Array.Sort(ticks);
        double Us(double q) => ticks[Math.Min(ticks.Length - 1, (int)(q * ticks.Length))] * 1e6 / Stopwatch.Frequency;
        Console.WriteLine(FormattableString.Invariant(
            $"{name}: n={ticks.Length} p50={Us(0.50):F1} us p90={Us(0.90):F1} us p99={Us(0.99):F1} us p99.9={Us(0.999):F1} us max={Us(1.0):F1} us"));
    }
}
