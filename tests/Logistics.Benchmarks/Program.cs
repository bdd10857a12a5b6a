using Logistics.Benchmarks;
using Logistics.Server.Infrastructure;

// The server runs in this process: the same malloc arenas as its own executable.
GlibcMalloc.CapArenas();

// dotnet run -c Release --project tests/Logistics.Benchmarks -- <name|all> [options]
return await Harness.RunAsync(args, Console.Out, Console.Error);
