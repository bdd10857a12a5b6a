namespace Logistics.Server.Publication;

/// <summary>The feed's event kinds, as stored and shown.</summary>
public static class AlertEventKinds
{
    public const string Created = "created", Updated = "updated", Cleared = "cleared", Ended = "ended";
}
