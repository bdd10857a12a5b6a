using Logistics.Server.Capacity;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Logistics.Server.Uploads;

/// <summary>
/// What a pipeline may use, the same in the server and on the command line.
/// <see cref="LoadInRequestMaxHours"/>: how large a capacity upload an API request may load itself
/// (0 on a node that runs no jobs, and on the command line, which loads everything itself anyway).
/// </summary>
internal sealed record IntakeContext(NpgsqlDataSource Db, IConfiguration Config, ILoggerFactory Logs, CapacityOptions Capacity, long LoadInRequestMaxHours)
{
    /// <summary>For the command line: settings from the environment only (Capacity__MaxParcels=...), no logging.</summary>
    public static IntakeContext ForCommandLine(NpgsqlDataSource db)
    {
        var config = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        return new IntakeContext(db, config, NullLoggerFactory.Instance, CapacityOptions.From(config), 0);
    }
}
