using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace Logistics.Server.Storage;

/// <summary>
/// A private PostgreSQL cluster under DATA/pg, for a newcomer's first run and for the tests.
/// Every process using the folder holds a shared lock on DATA/pg.users; the last one to leave
/// stops the server. Starting and stopping are serialised by DATA/pg.start.lock, so a second
/// process (the CLI while `serve` runs) joins the running cluster instead of starting another.
/// </summary>
internal sealed class EmbeddedPostgres : IAsyncDisposable
{
    private const string Superuser = "logistics";
    private const string DatabaseName = "logistics";
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(120);

    private readonly string _root;
    private readonly string _binDir;
    private readonly string? _runAs;
    private FileStream? _usage;

    /// <summary>The service's: as <see cref="ServiceRole"/>, which owns the database but is no superuser.</summary>
    public string ConnectionString { get; }
    /// <summary>The superuser's, on the maintenance database: for making roles and databases (the tests' copies) only.</summary>
    public string AdminConnectionString { get; }
    public string DataDirectory => Path.Combine(_root, "pg");
    public int Port { get; }

    private EmbeddedPostgres(string root, string binDir, string? runAs, FileStream usage, int port, string password, string servicePassword)
    {
        (_root, _binDir, _runAs, _usage, Port) = (root, binDir, runAs, usage, port);
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = ServiceRole.Name, Password = servicePassword, Database = DatabaseName,
        }.ConnectionString;
        AdminConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = Superuser, Password = password, Database = "postgres", Pooling = false,
        }.ConnectionString;
    }

    /// <summary>Starts the cluster in <paramref name="dataRoot"/> or joins it when it already runs.</summary>
    /// <param name="durable">false for throwaway test clusters: no fsync, much faster.</param>
    public static async Task<EmbeddedPostgres> StartAsync(string dataRoot, bool durable = true, CancellationToken ct = default)
    {
        var binDir = PostgresBinaries.FindBinDirectory()
            ?? throw new EmbeddedPostgresException(
                $"PostgreSQL is not installed (initdb and pg_ctl not found on PATH or under /usr/lib/postgresql): install it with `{PostgresBinaries.InstallHint}`, or set LOGISTICS_DB to a server you have.");
        dataRoot = Path.GetFullPath(dataRoot);
        var runAs = Environment.IsPrivilegedProcess ? await PickUnprivilegedUserAsync(ct) : null;
        var pgDir = Path.Combine(dataRoot, "pg");
        await DataFolderOwnership.CheckAsync(dataRoot, pgDir, runAs, ct);

        await using var startLock = await FileLock.WaitAsync(FileLock.TryExclusive, Path.Combine(dataRoot, "pg.start.lock"), LockTimeout, ct);
        var passwordFile = Path.Combine(dataRoot, "pg.password");
        if (!File.Exists(Path.Combine(pgDir, "PG_VERSION")))
            await InitAsync(binDir, runAs, pgDir, passwordFile, durable, ct);
        var password = (await File.ReadAllTextAsync(passwordFile, ct)).Trim();

        var port = await RunningPortAsync(binDir, runAs, pgDir, ct);
        if (port is null)
        {
            port = FreeLoopbackPort();
            await StartServerAsync(binDir, runAs, pgDir, port.Value, ct);
        }

        // Join before releasing the start lock, so nobody can stop the server under us.
        var usage = await FileLock.WaitAsync(FileLock.TryShared, Path.Combine(dataRoot, "pg.users"), LockTimeout, ct);
        var pg = new EmbeddedPostgres(dataRoot, binDir, runAs, usage, port.Value, password, await ServiceRole.PasswordAsync(dataRoot, ct));
        await pg.EnsureDatabaseAsync(ct);
        return pg;
    }

    /// <summary>
    /// Whether the postmaster named in postmaster.pid is alive. A zombie counts as dead: a postmaster
    /// killed here is reparented to an init that may not reap it for a while.
    /// </summary>
    public bool IsPostmasterAlive()
    {
        string[] lines;
        try { lines = File.ReadAllLines(Path.Combine(DataDirectory, "postmaster.pid")); }
        catch (IOException) { return false; }   // FileNotFound and DirectoryNotFound are IOExceptions too
        catch (UnauthorizedAccessException) { return true; }   // not ours to judge: never restart what we cannot see
        if (lines.Length == 0 || !int.TryParse(lines[0].Trim(), out var pid)) return false;
        if (!OperatingSystem.IsLinux()) return ProcessExists(pid);
        try
        {
            // /proc/PID/stat: "pid (comm) state ...": the state follows the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].TrimStart()[0];
            return state is not ('Z' or 'X' or 'x');
        }
        catch (IOException) { return false; }
    }

    /// <summary>
    /// Starts the server again on the same port (every connection string handed out names it) unless
    /// it runs; under the start lock, so of several processes sharing the folder one starts it.
    /// </summary>
    /// <returns>true when this call started it.</returns>
    /// <exception cref="EmbeddedPostgresException">it did not start (its old backends may still hold the shared memory: try again shortly).</exception>
    public async Task<bool> StartIfStoppedAsync(CancellationToken ct)
    {
        await using var startLock = await FileLock.WaitAsync(FileLock.TryExclusive, Path.Combine(_root, "pg.start.lock"), LockTimeout, ct);
        if (await RunningPortAsync(_binDir, _runAs, DataDirectory, ct) is not null) return false;
        await StartServerAsync(_binDir, _runAs, DataDirectory, Port, ct);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_usage is null) return;
        _usage.Dispose();
        _usage = null;
        await using var startLock = await FileLock.WaitAsync(FileLock.TryExclusive, Path.Combine(_root, "pg.start.lock"), LockTimeout, CancellationToken.None);
        // Only the last process using the cluster stops it.
        await using var alone = FileLock.TryExclusive(Path.Combine(_root, "pg.users"));
        if (alone is null) return;
        NpgsqlConnection.ClearAllPools();
        await RunPgAsync(_binDir, _runAs, CancellationToken.None, "pg_ctl", "-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop");
    }

    /// <summary>
    /// For throwaway clusters (the tests): a detached watchdog stops the server and deletes the
    /// folder once this process is gone, however it ended — a test host is often killed before its
    /// exit handlers finish.
    /// </summary>
    public void StopAndDeleteWhenThisProcessExits()
    {
        var stop = $"{Path.Combine(_binDir, "pg_ctl")} -D '{DataDirectory}' -m immediate stop";
        if (_runAs is not null) stop = $"runuser -u {_runAs} -- {stop}";
        var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; {stop} >/dev/null 2>&1; rm -rf '{_root}'";
        var psi = new System.Diagnostics.ProcessStartInfo("setsid", ["sh", "-c", script])
        {
            UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var watchdog = System.Diagnostics.Process.Start(psi);
    }

    /// <summary>The service role and its database (<see cref="ServiceRole"/>); what the superuser owns in it is handed over.</summary>
    private async Task EnsureDatabaseAsync(CancellationToken ct)
    {
        var servicePassword = new NpgsqlConnectionStringBuilder(ConnectionString).Password!;
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync(ct);
            await ServiceRole.EnsureAsync(admin, DatabaseName, servicePassword, ct);
        }
        await using var inDatabase = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = DatabaseName }.ConnectionString);
        await inDatabase.OpenAsync(ct);
        await ServiceRole.ExecuteAsync(inDatabase, ServiceRole.HandOver, ct);
    }

    private static async Task InitAsync(string binDir, string? runAs, string pgDir, string passwordFile, bool durable, CancellationToken ct)
    {
        if (Directory.Exists(pgDir)) Directory.Delete(pgDir, recursive: true);   // a half-made cluster from a killed initdb
        Directory.CreateDirectory(pgDir);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        await File.WriteAllTextAsync(passwordFile, password, ct);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        // initdb reads the password from a file the server's user can read; it lives only for this call.
        var pwFile = Path.Combine(pgDir, "..", $"pg.initpw.{Environment.ProcessId}");
        await File.WriteAllTextAsync(pwFile, password, ct);
        try
        {
            if (runAs is not null)
            {
                await MustAsync(ProcessRunner.RunAsync("chown", ["-R", runAs, pgDir, pwFile], ct), "chown");
                var reach = await ProcessRunner.RunAsync("runuser", ["-u", runAs, "--", "test", "-w", pgDir], ct);
                if (reach.ExitCode != 0)
                    throw new EmbeddedPostgresException(
                        $"PostgreSQL runs as '{runAs}' (it refuses root) and cannot reach {pgDir}: make its parent folders traversable (chmod o+x) or set LOGISTICS_DATA_DIR to a folder under /tmp.");
            }
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(pgDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var init = await RunPgAsync(binDir, runAs, ct, "initdb", "-D", pgDir, "-U", Superuser, "-A", "scram-sha-256",
                $"--pwfile={Path.GetFullPath(pwFile)}", "-E", "UTF8", "--no-locale", "--no-sync");
            if (init.ExitCode != 0)
                throw new EmbeddedPostgresException($"initdb failed in {pgDir}: {LastLines(init.Output)}");
        }
        finally { File.Delete(pwFile); }

        var settings = new List<string>
        {
            "max_connections = 200", "shared_buffers = 256MB", "max_wal_size = 2GB",
            "password_encryption = 'scram-sha-256'", "log_min_messages = warning",
            // A query whose client died (a killed worker) is cancelled within seconds instead of
            // running on while it holds the locks the node taking over needs.
            "client_connection_check_interval = 2s",
            // A private single-node cluster feeds no replica: minimal WAL lets a table created and
            // filled in one transaction (a bulk upload's staging, its primary key) skip the WAL and
            // be flushed once at commit instead, which halves the cost of loading it.
            "wal_level = minimal", "max_wal_senders = 0",
        };
        // A throwaway cluster (tests, benchmarks) serves many servers at once, a database each, every
        // one with its own pool, LISTEN and Hangfire connections: it needs more slots than one service.
        if (!durable) settings.AddRange(["fsync = off", "synchronous_commit = off", "full_page_writes = off", "max_connections = 600"]);
        await File.AppendAllLinesAsync(Path.Combine(pgDir, "postgresql.conf"), ["# logistics embedded defaults", .. settings], ct);
    }

    private static async Task StartServerAsync(string binDir, string? runAs, string pgDir, int port, CancellationToken ct)
    {
        var started = await RunPgAsync(binDir, runAs, ct, "pg_ctl", "-D", pgDir, "-l", Path.Combine(pgDir, "postgres.log"),
            "-w", "-t", "120", "-o", $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''", "start");
        if (started.ExitCode != 0)
            throw new EmbeddedPostgresException($"PostgreSQL did not start in {pgDir}: {LastLines(started.Output)} (see {Path.Combine(pgDir, "postgres.log")})");
    }

    private static bool ProcessExists(int pid)
    {
        try { using var p = System.Diagnostics.Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    private static async Task<int?> RunningPortAsync(string binDir, string? runAs, string pgDir, CancellationToken ct)
    {
        var status = await RunPgAsync(binDir, runAs, ct, "pg_ctl", "-D", pgDir, "status");
        if (status.ExitCode != 0) return null;
        // postmaster.pid: line 4 is the port the running server listens on.
        var lines = await File.ReadAllLinesAsync(Path.Combine(pgDir, "postmaster.pid"), ct);
        return lines.Length > 3 && int.TryParse(lines[3].Trim(), out var port) ? port : null;
    }

    private static Task<ProcessRunner.Result> RunPgAsync(string binDir, string? runAs, CancellationToken ct, string tool, params string[] args)
    {
        var exe = Path.Combine(binDir, tool);
        return runAs is null
            ? ProcessRunner.RunAsync(exe, args, ct)
            : ProcessRunner.RunAsync("runuser", ["-u", runAs, "--", exe, .. args], ct);
    }

    private static async Task<string> PickUnprivilegedUserAsync(CancellationToken ct)
    {
        foreach (var user in new[] { "postgres", "nobody" })
            if ((await ProcessRunner.RunAsync("id", ["-u", user], ct)).ExitCode == 0)
                return user;
        throw new EmbeddedPostgresException("running as root, and neither a 'postgres' nor a 'nobody' user exists to run PostgreSQL as: create one (useradd postgres) or run as another user.");
    }

    private static async Task MustAsync(Task<ProcessRunner.Result> run, string what)
    {
        var r = await run;
        if (r.ExitCode != 0) throw new EmbeddedPostgresException($"{what} failed: {LastLines(r.Output)}");
    }

    private static int FreeLoopbackPort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static string LastLines(string output) =>
        string.Join(" | ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));
}

/// <summary>A failure of the embedded database that a person can act on; the message is the one line to print.</summary>
internal sealed class EmbeddedPostgresException(string message) : Exception(message);
