using BenchmarkDotNet.Attributes;
using GroundStation.Actors;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundStation.Benchmarks.Actors;

/// <summary>
/// The actor runtime's per-message cost: Tell throughput through one actor and through a 1-to-N fan-out (the shape
/// of telemetry ingest: one ingest actor dispatching to per-satellite actors), and Ask round-trip latency.
/// Throughput = Messages / mean time per operation. Target for the core: 50 k frames/s end to end.
/// </summary>
[MemoryDiagnoser]
public class ActorBenchmarks
{
    private const int Messages = 100_000;
    private ActorSystem _system = null!;
    private IActorRef _counter = null!;
    private IActorRef _dispatcher = null!;
    private IActorRef _echo = null!;

    /// <summary>Workers behind the dispatcher.</summary>
    [Params(4)]
    public int FanOut { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _system = new ActorSystem("bench", TimeProvider.System, NullLoggerFactory.Instance);
        _counter = _system.ActorOf(Props.Create(() => new CountingActor()).WithMailboxCapacity(10_000), "counter");
        _dispatcher = _system.ActorOf(Props.Create(() => new DispatcherActor(FanOut)).WithMailboxCapacity(10_000), "dispatcher");
        _echo = _system.ActorOf(Props.Create(() => new EchoActor()), "echo");
    }

    [GlobalCleanup]
    public void Cleanup() => _system.TerminateAsync().GetAwaiter().GetResult();

    /// <summary>100 k messages from one producer through one actor, back-pressured with TellAsync.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task TellThroughOneActor()
    {
        var payload = new Frame(1);
        for (var i = 0; i < Messages; i++)
        {
            await _counter.TellAsync(payload);
        }

        var flushed = new Flush(1);
        await _counter.TellAsync(flushed);
        await flushed.Done;
    }

    /// <summary>100 k messages from one producer through a dispatcher to <see cref="FanOut"/> workers, round-robin.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task TellThroughFanOut()
    {
        for (var i = 0; i < Messages; i++)
        {
            await _dispatcher.TellAsync(new Frame(i));
        }

        var flushed = new Flush(FanOut);
        await _dispatcher.TellAsync(flushed);
        await flushed.Done;
    }

    /// <summary>One Ask and its reply, on the system clock.</summary>
    [Benchmark]
    public Task<Frame> AskRoundTrip() => _system.AskAsync<Frame>(_echo, new Frame(7), TimeSpan.FromSeconds(5));

    /// <summary>A telemetry-frame stand-in.</summary>
    public sealed record Frame(int Id);

    /// <summary>Completes once <c>parties</c> actors have seen it, i.e. everything told before it was handled.</summary>
    private sealed class Flush(int parties)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _remaining = parties;

        public Task Done => _done.Task;

        public void Arrive()
        {
            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                _done.SetResult();
            }
        }
    }

    private sealed class CountingActor : Actor
    {
        private long _seen;

        protected override ValueTask ReceiveAsync(object message)
        {
            if (message is Flush flush)
            {
                flush.Arrive();
            }
            else
            {
                _seen++;
            }

            return ValueTask.CompletedTask;
        }
    }

    private sealed class DispatcherActor(int workers) : Actor
    {
        private IActorRef[] _workers = [];
        private int _next;

        protected override void PreStart() =>
            _workers = [.. Enumerable.Range(0, workers).Select(i => Context.ActorOf(Props.Create(() => new CountingActor()).WithMailboxCapacity(10_000), "worker-" + i))];

        protected override async ValueTask ReceiveAsync(object message)
        {
            if (message is Flush)
            {
                foreach (var worker in _workers)
                {
                    await worker.TellAsync(message, Self);
                }

                return;
            }

            var target = _workers[_next];
            _next = (_next + 1) % _workers.Length;
            await target.TellAsync(message, Self);
        }
    }

    private sealed class EchoActor : Actor
    {
        protected override ValueTask ReceiveAsync(object message)
        {
            Reply(message);
            return ValueTask.CompletedTask;
        }
    }
}
