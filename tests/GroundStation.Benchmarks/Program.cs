using BenchmarkDotNet.Running;

// Run with: dotnet run -c Release --project tests/GroundStation.Benchmarks -- --filter '*'
if (args is ["iam-measure", ..])
{
    return await GroundStation.Benchmarks.Iam.IamMeasure.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
