using System.Net;
using System.Net.Sockets;
using Logistics.Server.Tests.Support;

namespace Logistics.Server.Tests.Cli;

/// <summary>
/// `serve` and `demo` that cannot start say why in one line and exit 1, with no stack trace: an
/// address another program listens on, and a data folder that belongs to someone else.
/// </summary>
public sealed class StartFailureTests : IDisposable
{
    // Not CreateTempSubdirectory (0700): PostgreSQL runs as an unprivileged user when the tests run as root, and must get through.
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"logistics-start-{Guid.NewGuid():N}")).FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static void AssertOneLine(LogisticsCli.Result r, string expected)
    {
        Assert.True(r.ExitCode == 1, $"exit {r.ExitCode}: {r.Stdout}{r.Stderr}");
        var line = Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.StartsWith("logistics: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", r.Stdout + r.Stderr);
        Assert.DoesNotContain("Exception", r.Stdout + r.Stderr);
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("demo")]
    public async Task An_address_in_use_is_one_line_and_exit_1(string command)
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";

        var r = await LogisticsCli.RunAsync(new Dictionary<string, string?> { ["LOGISTICS_DATA_DIR"] = Path.Combine(_dir, "data") }, command, "--urls", url);

        AssertOneLine(r, $"cannot listen on {url}: the address is already in use");
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("demo")]
    public async Task A_data_folder_of_someone_else_is_one_line_and_exit_1(string command)
    {
        var env = new Dictionary<string, string?> { ["LOGISTICS_DATA_DIR"] = Path.Combine(_dir, "data") };
        string expected;
        if (Environment.IsPrivilegedProcess)
        {
            // A real cluster, then handed to another user (daemon: never the one PostgreSQL runs as here).
            var made = await LogisticsCli.RunAsync(env, "migrate");
            Assert.True(made.ExitCode == 0, made.Stderr);
            using (var chown = System.Diagnostics.Process.Start("chown", ["-R", "daemon", Path.Combine(_dir, "data")])!) await chown.WaitForExitAsync();
            expected = $"the database folder {Path.Combine(_dir, "data", "pg")} belongs to 'daemon'";
        }
        else
        {
            // Without root no folder can be given away: the root folder is someone else's already.
            env["LOGISTICS_DATA_DIR"] = "/";
            expected = "the data folder / belongs to 'root'";
        }

        var r = await LogisticsCli.RunAsync(env, command, "--urls", "http://127.0.0.1:0");

        AssertOneLine(r, expected);
    }
}
