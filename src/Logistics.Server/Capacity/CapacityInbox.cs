using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Logistics.Server.Ingest;
using Logistics.Server.Uploads;
using Npgsql;

namespace Logistics.Server.Capacity;

/// <summary>
/// Files carriers drop in &lt;inbox&gt;/CARRIER/. A file is claimed by renaming it into
/// CARRIER/processing/ under a fresh name (rename is atomic: of two sweepers, one wins and the other
/// finds it gone), stored as an upload, loaded, and moved to done/ or rejected/ (with NAME.errors.json).
/// A claimed file is worked on under a PostgreSQL session lock named for the claim, so a sweeper
/// finishing what a dead one left never races a live one; a dead one's lock dies with its connection.
/// </summary>
internal sealed class CapacityInbox(NpgsqlDataSource db, CapacityOptions options, CapacityLoader loader, UploadIntake intake, ILogger<CapacityInbox> log)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,   // a file for people: 'x', not \u0027x\u0027
    };

    public async Task SweepAsync(CancellationToken ct)
    {
        var root = options.InboxRoot;
        if (!Directory.Exists(root)) return;
        foreach (var carrierDir in Directory.EnumerateDirectories(root))
        {
            var carrier = Path.GetFileName(carrierDir);
            var processing = Path.Combine(carrierDir, "processing");
            // First what a dead sweeper left half done, then what is new.
            if (Directory.Exists(processing))
                foreach (var claimed in Directory.EnumerateFiles(processing))
                    await LoadClaimedAsync(carrierDir, carrier, claimed, ct);
            foreach (var file in Directory.EnumerateFiles(carrierDir))
            {
                var name = Path.GetFileName(file);
                // Hidden and partial files are still being written (write elsewhere, then rename in).
                if (name.StartsWith('.') || name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".part", StringComparison.OrdinalIgnoreCase)) continue;
                Directory.CreateDirectory(processing);
                var claimed = Path.Combine(processing, $"{Guid.CreateVersion7()}~{name}");
                try { File.Move(file, claimed); }
                catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { continue; }   // another sweeper took it
                await LoadClaimedAsync(carrierDir, carrier, claimed, ct);
            }
        }
    }

    // A claimed file is named CLAIM~NAME; CLAIM is also the id of its upload, so a retry finds it.
    private async Task LoadClaimedAsync(string carrierDir, string carrier, string claimed, CancellationToken ct)
    {
        var (claim, name) = Path.GetFileName(claimed).Split('~', 2) is [var c, var n] && Guid.TryParse(c, out var g) ? (g, n) : (Guid.CreateVersion7(), Path.GetFileName(claimed));
        await using var conn = await db.OpenConnectionAsync(ct);
        // A live sweeper holds its claim's session lock; a dead one's lock died with its connection.
        var lockArgs = new { key = $"capacity-inbox:{claim}" };
        if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT pg_try_advisory_lock(hashtextextended(@key, 0))", lockArgs, cancellationToken: ct)))
            return;
        try
        {
            if (!File.Exists(claimed)) return;   // finished by the sweeper that held the lock before us
            var carrierId = await conn.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM carriers WHERE code = @carrier", new { carrier }, cancellationToken: ct));
            if (carrierId is null)
            {
                Finish(carrierDir, claimed, name, accepted: false, new { reason = $"no carrier '{carrier}': the inbox folder is named for a carrier code" });
                return;
            }
            var exists = await conn.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM uploads WHERE id = @claim)", new { claim }, cancellationToken: ct));
            if (!exists)
            {
                // The same file delivered again (a client retrying a transfer) is not loaded twice;
                // one claim per carrier and name decides that at a time, until its upload is stored.
                var nameLock = new { key = $"capacity-inbox-name:{carrierId}:{name}" };
                await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(hashtextextended(@key, 0))", nameLock, cancellationToken: ct));
                try
                {
                    if (await EarlierDeliveryAsync(conn, carrierId.Value, name, claimed, ct) is { } earlier)
                    {
                        Finish(carrierDir, claimed, name, accepted: true, null, new { duplicate_of = earlier.Id, earlier.Status, reason = DuplicateReason });
                        log.LogInformation("inbox file {File} of {Carrier}: the same as upload {Upload}, not loaded again", name, carrier, earlier.Id);
                        return;
                    }
                    await using var file = File.OpenRead(claimed);
                    try
                    {
                        await intake.ReceiveAsync(UploadKind.Capacity, new UploadSubmission(UploadSubmission.Inbox, null, carrierId, null,
                            UploadSubmission.ContentTypeOf(name), name, file.Length, claim), file, null, ct);
                    }
                    catch (BodyTooLargeException e)
                    {
                        await file.DisposeAsync();
                        Finish(carrierDir, claimed, name, accepted: false, new { reason = e.Message });
                        return;
                    }
                }
                finally
                {
                    await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(hashtextextended(@key, 0))", nameLock, cancellationToken: CancellationToken.None));
                }
            }
            var status = await loader.LoadAsync(claim, ct);
            Finish(carrierDir, claimed, name, status.State == UploadState.Accepted, status);
            log.LogInformation("inbox file {File} of {Carrier}: {Status} (upload {Upload})", name, carrier, status.Status, status.Id);
        }
        finally
        {
            await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(hashtextextended(@key, 0))", lockArgs, cancellationToken: CancellationToken.None));
        }
    }

    public const string DuplicateReason = "the same file (name and content) as this carrier's latest inbox upload of that name, which is not rejected: not loaded again";

    /// <summary>
    /// The carrier's latest inbox upload under this name, when it has the same content and was not
    /// rejected or failed: then this file is a second delivery of it. A different file under the same
    /// name (tomorrow's capacity.csv), or the same content again after a different one, loads as new.
    /// </summary>
    private static async Task<UploadStatus?> EarlierDeliveryAsync(NpgsqlConnection conn, long carrierId, string name, string path, CancellationToken ct)
    {
        var latest = await conn.QuerySingleOrDefaultAsync<(Guid Id, byte[] Sha, UploadState Status)?>(new CommandDefinition($"""
            SELECT id, body_sha256, status FROM uploads
            WHERE kind = '{UploadKinds.Capacity}' AND source = 'inbox' AND carrier_id = @carrierId AND file_name = @name
            ORDER BY created_at DESC LIMIT 1
            """, new { carrierId, name }, cancellationToken: ct));
        if (latest is not { } l || l.Status is UploadState.Rejected or UploadState.Failed) return null;
        byte[] sha;
        await using (var file = File.OpenRead(path)) sha = await SHA256.HashDataAsync(file, ct);
        return sha.AsSpan().SequenceEqual(l.Sha) ? await UploadStore.GetAsync(conn, l.Id, ct) : null;
    }

    private static void Finish(string carrierDir, string claimed, string name, bool accepted, object? result, object? duplicate = null)
    {
        var target = Path.Combine(carrierDir, accepted ? "done" : "rejected");
        Directory.CreateDirectory(target);
        var dest = Path.Combine(target, name);
        if (File.Exists(dest)) dest = Path.Combine(target, $"{Path.GetFileNameWithoutExtension(name)}.{DateTime.UtcNow:yyyyMMddTHHmmssfff}{Path.GetExtension(name)}");
        if (!accepted) WriteAside(dest + ".errors.json", JsonSerializer.Serialize(result, Json));
        if (duplicate is not null) WriteAside(dest + ".duplicate.json", JsonSerializer.Serialize(duplicate, Json));
        File.Move(claimed, dest);
    }

    /// <summary>Written aside and renamed: whoever watches the folder never reads a half-written file.</summary>
    private static void WriteAside(string path, string text)
    {
        File.WriteAllText(path + ".tmp", text);
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
