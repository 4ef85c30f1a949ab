using BenchmarkDotNet.Running;

// Run with: dotnet run -c Release --project tests/GroundStation.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
