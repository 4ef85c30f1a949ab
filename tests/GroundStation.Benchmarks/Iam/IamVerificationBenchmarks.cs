using BenchmarkDotNet.Attributes;
using GroundStation.Iam.Client;
using GroundStation.Iam.Keys;
using GroundStation.Iam.Service;
using Microsoft.Extensions.DependencyInjection;

namespace GroundStation.Benchmarks.Iam;

/// <summary>Means and medians of one verification: from the client's cache, and uncached against SQLite. Percentiles: <see cref="IamMeasure"/>.</summary>
[MemoryDiagnoser]
public class IamVerificationBenchmarks
{
    private IamBenchEnvironment _environment = null!;
    private CachingKeyVerifier _cache = null!;
    private IamService _service = null!;
    private KeyRecord _caller = null!;
    private VerifyRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        _environment = IamBenchEnvironment.StartAsync().GetAwaiter().GetResult();
        // A TTL far beyond the run keeps every call a cache hit; production uses 1 s.
        _cache = _environment.CachingVerifier(TimeSpan.FromHours(1));
        _cache.VerifyAsync(_environment.OperatorKey, IamBenchEnvironment.Action, IamBenchEnvironment.Resource, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        _service = _environment.App.Services.GetRequiredService<IamService>();
        _caller = _service.AuthenticateAsync(_environment.AdminKey, "bench", CancellationToken.None).GetAwaiter().GetResult()!;
        _request = new VerifyRequest(_environment.OperatorKey, IamBenchEnvironment.Action, IamBenchEnvironment.Resource);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cache.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _environment.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Description = "cached in-process verification")]
    public async ValueTask<bool> Cached() =>
        (await _cache.VerifyAsync(_environment.OperatorKey, IamBenchEnvironment.Action, IamBenchEnvironment.Resource, CancellationToken.None)).Allowed;

    [Benchmark(Description = "uncached verification (SQLite lookup, policy, audit enqueue)")]
    public async Task<bool> Uncached() => (await _service.VerifyAsync(_caller, _request, "bench", CancellationToken.None)).Allowed;
}
