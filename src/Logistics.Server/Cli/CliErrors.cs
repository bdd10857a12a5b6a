namespace Logistics.Server.Cli;

/// <summary>Bad usage: printed with the usage hint, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>A handled failure: one clear line on stderr, exit code 1.</summary>
internal sealed class CommandFailedException(string message) : Exception(message);
