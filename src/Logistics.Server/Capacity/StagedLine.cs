namespace Logistics.Server.Capacity;

/// <summary>
/// A line that passed its own checks and resolved against the network, as staging needs it: its
/// first hour (UTC ticks), how many hours it covers, and its start as the overlap report renders it
/// again (<see cref="Offset"/>, or the text as written when <see cref="StagingWriter.NoOffset"/>).
/// </summary>
/// <param name="Kind">an index into <see cref="CapacityRow.Kinds"/>.</param>
internal readonly record struct StagedLine(long Line, ResolvedNode Node, byte Kind, long StartTicks, short Offset, string? StartText, int Hours, int Parcels);
