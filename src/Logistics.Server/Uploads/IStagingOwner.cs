namespace Logistics.Server.Uploads;

/// <summary>
/// A pipeline that leaves tables in the staging schema while it works, each named for its upload.
/// The maintenance sweep drops those of uploads no longer pending, but not one a live request may
/// still need: that request holds the session lock <see cref="LockFor"/> names.
/// </summary>
internal interface IStagingOwner
{
    /// <summary>A regular expression for the names of its tables, the upload's id in 32 hex digits among them.</summary>
    string TableNames { get; }

    /// <summary>The lock a request holds while it may still need <paramref name="table"/> (of <paramref name="upload"/>), or null when none does.</summary>
    string? LockFor(string table, Guid upload);
}
