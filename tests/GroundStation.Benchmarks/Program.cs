using BenchmarkDotNet.Running;
using GroundStation.Benchmarks.Iam;
using GroundStation.Benchmarks.Messaging;

// Run with: dotnet run -c Release --project tests/GroundStation.Benchmarks -- --filter '*'
// Measurements that are not BenchmarkDotNet timings (memory, percentiles) have a command of their own.
if (args is [BrokerIdleMemory.Command, ..])
{
    return await BrokerIdleMemory.RunAsync(args);
}

if (args is ["iam-measure", ..])
{
    return await IamMeasure.RunAsync(args);
}

if (args is ["scheduling-measure", ..]) return await GroundStation.Benchmarks.Scheduling.NetworkSchedulingWorkload.MeasureAsync(args);

BenchmarkSwitcher.FromAssembly(typeof(BrokerIdleMemory).Assembly).Run(args);
return 0;
