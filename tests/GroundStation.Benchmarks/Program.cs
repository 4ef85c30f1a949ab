using BenchmarkDotNet.Running;
using GroundStation.Benchmarks.Messaging;

// Run with: dotnet run -c Release --project tests/GroundStation.Benchmarks -- --filter '*'
// Measurements that are not timings have a command of their own (see each class).
if (args is [BrokerIdleMemory.Command, ..])
{
    return await BrokerIdleMemory.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(BrokerIdleMemory).Assembly).Run(args);
return 0;
