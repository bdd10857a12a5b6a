using Npgsql;

namespace Logistics.Server.Storage;

/// <summary>
/// Where the data lives: LOGISTICS_DB or ConnectionStrings:Logistics when set, otherwise the
/// embedded cluster under LOGISTICS_DATA_DIR (default ./.data).
/// </summary>
internal sealed class Database : IAsyncDisposable
{
    private readonly EmbeddedPostgres? _embedded;

    public NpgsqlDataSource DataSource { get; }
    public string ConnectionString { get; }
    public bool IsEmbedded => _embedded is not null;
    /// <summary>The private cluster this process started or joined; null for a configured server.</summary>
    public EmbeddedPostgres? Embedded => _embedded;
    public string Description { get; }

    private Database(string connectionString, EmbeddedPostgres? embedded)
    {
        _embedded = embedded;
        ConnectionString = connectionString;
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        Description = embedded is not null
            ? $"embedded PostgreSQL in {embedded.DataDirectory} on 127.0.0.1:{embedded.Port}"
            : $"PostgreSQL at {csb.Host}:{csb.Port}/{csb.Database}";
        DataSource = new NpgsqlDataSourceBuilder(connectionString) { Name = "logistics" }.Build();
    }

    public static string? ConfiguredConnectionString(IConfiguration? config = null) =>
        Environment.GetEnvironmentVariable("LOGISTICS_DB") is { Length: > 0 } env ? env
        : config?.GetConnectionString("Logistics") is { Length: > 0 } cs ? cs
        : Environment.GetEnvironmentVariable("ConnectionStrings__Logistics") is { Length: > 0 } cs2 ? cs2
        : null;

    public static string DataRoot =>
        Environment.GetEnvironmentVariable("LOGISTICS_DATA_DIR") is { Length: > 0 } dir
            ? Path.GetFullPath(dir)
            : Path.Combine(Directory.GetCurrentDirectory(), ".data");

    public static async Task<Database> OpenAsync(IConfiguration? config = null, CancellationToken ct = default)
    {
        if (ConfiguredConnectionString(config) is { } cs)
            return new Database(cs, null);
        var pg = await EmbeddedPostgres.StartAsync(DataRoot, durable: true, ct);
        return new Database(pg.ConnectionString, pg);
    }

    public static Database ForConnectionString(string connectionString) => new(connectionString, null);

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        if (_embedded is not null) await _embedded.DisposeAsync();
    }
}
