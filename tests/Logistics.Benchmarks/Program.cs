using Logistics.Benchmarks;

// dotnet run -c Release --project tests/Logistics.Benchmarks -- <name|all> [options]
return await Harness.RunAsync(args, Console.Out, Console.Error);
