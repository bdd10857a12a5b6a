using System.Runtime.InteropServices;
using Logistics.Server.Cli;
using Logistics.Server.Infrastructure;

GlibcMalloc.CapArenas();

// Ctrl+C and SIGTERM cancel the command; `finally` blocks then stop what it started
// (the embedded database among them) before the process exits.
// Never disposed: a signal's handler may still be on its way on another thread while the command
// returns, and cancelling a disposed source there crashed the exit (code 134 after a clean stop).
var cts = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    cts.Cancel();
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

return await CommandLine.RunAsync(args, Console.Out, Console.Error, cts.Token);
