using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Logistics.Benchmarks;

/// <summary>What the intake benchmarks share: a file through HTTP to its verdict, and the raw COPY it is measured against.</summary>
internal static class BenchUpload
{
    /// <returns>seconds from the first byte sent to the verdict, and the verdict.</returns>
    public static async Task<(double Seconds, string Status)> UploadAsync(Uri server, string key, string path, string file)
    {
        using var client = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var clock = Stopwatch.StartNew();
        await using var body = File.OpenRead(file);
        using var content = new StreamContent(body, 1 << 20);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var response = await client.PostAsync(path, content);
        var posted = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 202) throw new InvalidOperationException($"{(int)response.StatusCode}: {posted}");
        var verdict = await VerdictAsync(client, response.Headers.Location!.ToString());
        return (clock.Elapsed.TotalSeconds, verdict);
    }

    /// <summary>Polls an upload's status until it is accepted or rejected (the errors go to stderr).</summary>
    public static async Task<string> VerdictAsync(HttpClient client, string location)
    {
        while (true)
        {
            var status = JsonDocument.Parse(await client.GetStringAsync(location)).RootElement;
            var s = status.GetProperty("status").GetString()!;
            if (s is "accepted" or "rejected")
            {
                if (s == "rejected") Console.Error.WriteLine(status.GetProperty("errors"));
                return s;
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Creates <paramref name="createTable"/> (no index) and times `COPY … FROM STDIN (FORMAT csv)` of the file into it.</summary>
    public static async Task<double> RawCopyAsync(NpgsqlDataSource db, string createTable, string table, string file)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using (var create = new NpgsqlCommand(createTable, conn))
            await create.ExecuteNonQueryAsync();
        var clock = Stopwatch.StartNew();
        using var reader = new StreamReader(file, Encoding.UTF8, false, 1 << 20);
        await using (var writer = await conn.BeginTextImportAsync($"COPY {table} FROM STDIN (FORMAT csv, HEADER true)"))
        {
            var buffer = new char[1 << 20];
            int n;
            while ((n = await reader.ReadAsync(buffer)) > 0) await writer.WriteAsync(buffer.AsMemory(0, n));
        }
        return clock.Elapsed.TotalSeconds;
    }
}
