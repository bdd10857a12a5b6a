namespace Logistics.Server.Tests.Support;

/// <summary>
/// Test classes that start other heavy processes (worker servers, Chromium) run one class at a time:
/// on a 2-core machine two of them starting together starved a browser's page load past its 30 s
/// wait. Every other class still runs in parallel with them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ProcessHeavy
{
    public const string Name = "process-heavy";
}
