using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using Logistics.Server.Tests.Support;

namespace Logistics.Server.Tests.Demand;

public sealed class DemandIntakeTests(TestHost host) : IClassFixture<TestHost>, IAsyncLifetime
{
    private const string SignalsHeader = "campaign,merchant,warehouse,region,category,date,page_views,carts,favorites,deposits,presale_orders";
    private const string OutcomesHeader = "campaign,merchant,warehouse,carrier,region,date,hour,parcels";
    private string _ops = "";

    public async Task InitializeAsync()
    {
        _ops = await host.KeyAsync("ops");
        await Fixtures.UploadAsync(host.Client(_ops), "network", Fixtures.Network);
        var campaigns = await Fixtures.UploadAsync(host.Client(_ops), "campaigns", Fixtures.Campaigns + "\nD11-2025,Double 11 2025,Asia/Shanghai,2025-11-01;2025-11-11,2025-11-01,2025-11-14,72\n");
        Assert.Equal("accepted", campaigns.GetProperty("status").GetString());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<JsonElement> UploadAndWaitAsync(string kind, string body, string contentType = "text/csv", string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/{kind}/uploads") { Content = new StringContent(body, Encoding.UTF8, contentType) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await host.Client(_ops).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode} {text}");
        var location = response.Headers.Location!.ToString();
        // The load runs as a Hangfire job; poll the upload until it is final.
        for (var i = 0; i < 200; i++)
        {
            var status = await Fixtures.GetJsonAsync(host.Client(_ops), location);
            if (status.GetProperty("status").GetString() is "accepted" or "rejected") return status;
            await Task.Delay(50);
        }
        throw new TimeoutException($"{location} never finished");
    }

    private async Task<string> FingerprintAsync()
    {
        await using var conn = await host.Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<string>("SELECT coalesce(string_agg(t::text, ';' ORDER BY t::text), '') FROM demand_signals t")
             + "|" + await conn.ExecuteScalarAsync<string>("SELECT coalesce(string_agg(t::text, ';' ORDER BY t::text), '') FROM demand_outcomes t");
    }

    private async Task<JsonElement> RejectAsync(string kind, string body)
    {
        var before = await FingerprintAsync();
        var status = await UploadAndWaitAsync(kind, body);
        Assert.Equal("rejected", status.GetProperty("status").GetString());
        Assert.Equal(before, await FingerprintAsync());
        return status.GetProperty("errors");
    }

    private static void AssertError(JsonElement errors, long line, string column, string reasonPart, string? value = null)
    {
        Assert.True(errors.EnumerateArray().Any(e =>
            e.GetProperty("line").GetInt64() == line && e.GetProperty("column").GetString() == column
            && e.GetProperty("reason").GetString()!.Contains(reasonPart)
            && (value is null || e.GetProperty("value").GetString() == value)),
            $"no error at line {line}, column {column} with '{reasonPart}' in {errors}");
    }

    [Fact]
    public async Task Signals_load_through_the_background_job_with_unknown_cells_kept_unknown_and_newer_rows_replacing_older()
    {
        var status = await UploadAndWaitAsync("signals", $"""
            {SignalsHeader}
            D11-2026,M-ACME,WH-SH1,EAST,apparel,2026-10-20,1500,120,,30,
            D11-2026,M-ACME,WH-SH1,NORTH,apparel,2026-10-20,900,80,40,,12
            """);
        Assert.Equal("accepted", status.GetProperty("status").GetString());
        Assert.Equal(2, status.GetProperty("rows_total").GetInt64());

        await using var conn = await host.Db.OpenConnectionAsync();
        var east = await conn.QuerySingleAsync<(long? Carts, long? Favorites, long? Presale)>(
            "SELECT carts, favorites, presale_orders FROM demand_signals s JOIN regions r ON r.id = s.region_id WHERE r.code = 'EAST'");
        Assert.Equal((120L, (long?)null, (long?)null), east);
        var partition = await conn.ExecuteScalarAsync<string>(
            "SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = 'demand_signals'::regclass LIMIT 1");
        Assert.StartsWith("demand_signals_c", partition);

        var again = await UploadAndWaitAsync("signals", $"{SignalsHeader}\nD11-2026,M-ACME,WH-SH1,EAST,apparel,2026-10-20,1600,150,7,30,\n");
        Assert.Equal("accepted", again.GetProperty("status").GetString());
        Assert.Equal(150, await conn.ExecuteScalarAsync<long>("SELECT carts FROM demand_signals s JOIN regions r ON r.id = s.region_id WHERE r.code = 'EAST'"));
        Assert.Equal(2, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM demand_signals WHERE category = 'apparel' AND day = '2026-10-20'"));
    }

    [Fact]
    public async Task Every_bad_signal_line_is_named_and_nothing_changes()
    {
        var errors = await RejectAsync("signals", $"""
            {SignalsHeader}
            D99-2099,M-ACME,WH-SH1,EAST,apparel,2026-10-20,1,1,1,1,1
            D11-2026,M-NOBODY,WH-SH1,EAST,apparel,2026-10-20,1,1,1,1,1
            D11-2026,M-ACME,WH-NONE,EAST,apparel,2026-10-20,1,1,1,1,1
            D11-2026,M-ACME,WH-SH1,MARS,apparel,2026-10-20,1,1,1,1,1
            D11-2026,M-ACME,WH-BJ1,EAST,apparel,2026-10-20,1,1,1,1,1
            D11-2026,M-ACME,WH-SH1,EAST,app arel,2026-10-20,1,1,1,1,1
            D11-2026,M-ACME,WH-SH1,EAST,apparel,2026-02-30,1,1,1,1,1
            D11-2026,M-ACME,WH-SH1,EAST,apparel,2025-01-01,1,1,1,1,1
            D11-2026,M-ACME,WH-SH1,EAST,apparel,2026-10-21,-5,1,1,1,1
            D11-2026,M-ACME,WH-SH1,EAST,apparel,2026-10-22,1,2.5,1,1,1
            D11-2026,M-ACME,WH-SH1,EAST,apparel,2026-10-23,1,1,many,1,1
            D11-2026,M-ACME,WH-SH1,EAST,apparel,2026-10-24,1,1,1,1,1
            D11-2026,M-ACME,WH-SH1,EAST,apparel,2026-10-24,2,2,2,2,2
            """);
        AssertError(errors, 2, "campaign", "unknown campaign", "D99-2099");
        AssertError(errors, 3, "merchant", "unknown merchant", "M-NOBODY");
        AssertError(errors, 4, "warehouse", "unknown warehouse", "WH-NONE");
        AssertError(errors, 5, "region", "unknown region", "MARS");
        AssertError(errors, 6, "warehouse", "does not use warehouse WH-BJ1");
        AssertError(errors, 7, "category", "a category is", "app arel");
        AssertError(errors, 8, "date", "not a date", "2026-02-30");
        AssertError(errors, 9, "date", "outside campaign D11-2026", "2025-01-01");
        AssertError(errors, 10, "page_views", "negative", "-5");
        AssertError(errors, 11, "carts", "fractional", "2.5");
        AssertError(errors, 12, "favorites", "not a whole number", "many");
        AssertError(errors, 14, "date", "the same campaign, merchant, warehouse, region, category and date as line 13");
        Assert.Equal(errors.GetArrayLength(), errors.EnumerateArray().Select(e => e.GetProperty("line").GetInt64()).Count());
    }

    [Fact]
    public async Task A_repeated_key_in_an_otherwise_good_file_is_named_and_nothing_changes()
    {
        // Every line resolves on arrival, so only building the key finds the repeat.
        var signals = await RejectAsync("signals", $"""
            {SignalsHeader}
            D11-2026,M-ACME,WH-SH1,EAST,shoes,2026-10-20,1,1,1,1,1
            D11-2026,M-ACME,WH-SH1,EAST,shoes,2026-10-21,1,1,1,1,1
            D11-2026,M-ACME,WH-SH1,EAST,shoes,2026-10-20,2,2,2,2,2
            """);
        AssertError(signals, 4, "date", "the same campaign, merchant, warehouse, region, category and date as line 2");
        Assert.Equal(1, signals.GetArrayLength());

        var outcomes = await RejectAsync("outcomes", $"{OutcomesHeader}\nD11-2025,M-ACME,WH-SH1,SF,EAST,2025-11-12,7,10\nD11-2025,M-ACME,WH-SH1,SF,EAST,2025-11-12,07,11\n");
        AssertError(outcomes, 3, "hour", "the same campaign, merchant, warehouse, carrier, region, date, hour and handling as line 2");
    }

    [Fact]
    public async Task A_line_naming_a_merchant_imported_after_the_upload_arrived_loads_when_the_job_runs()
    {
        // Received (and resolved) before M-NEWCO exists; the load job checks it against the network as it is then.
        var ingest = new Logistics.Server.Ingest.BulkIngest(host.Db, Microsoft.Extensions.Logging.Abstractions.NullLogger<Logistics.Server.Ingest.BulkIngest>.Instance);
        var body = new MemoryStream(Encoding.UTF8.GetBytes($"""
            {SignalsHeader}
            D11-2026,M-BOLT,WH-BJ1,NORTH,kitchen,2026-10-20,5,1,1,1,1
            D11-2026,M-NEWCO,WH-BJ1,NORTH,kitchen,2026-10-20,7,2,,1,0
            """));
        var received = await Logistics.Server.Uploads.UploadIntake.ForCommandLine(host.Db).ReceiveAsync(Logistics.Server.Uploads.UploadKind.Signals,
            new Logistics.Server.Uploads.UploadSubmission(Logistics.Server.Uploads.UploadSubmission.CommandLine, null, null, null, "text/csv", null), body, null, CancellationToken.None);
        Assert.Equal("queued", received.Upload.Status);
        Assert.Equal("accepted", (await Fixtures.UploadAsync(host.Client(_ops), "network",
            "kind,code,name,parent,region\nmerchant,M-NEWCO,New Co,,NORTH\nmerchant_warehouse,M-NEWCO>WH-BJ1,,,\n")).GetProperty("status").GetString());

        var loaded = await ingest.ProcessAsync(received.Upload.Id, Logistics.Server.Demand.SignalsFormat.Instance, CancellationToken.None);
        Assert.Equal("accepted", loaded.Status);
        Assert.Equal(2, loaded.RowsTotal);
        await using var conn = await host.Db.OpenConnectionAsync();
        Assert.Equal(2L, await conn.ExecuteScalarAsync<long?>("SELECT carts FROM demand_signals s JOIN merchants m ON m.id = s.merchant_id WHERE m.code = 'M-NEWCO' AND category = 'kitchen'"));
        Assert.Null(await conn.ExecuteScalarAsync<long?>("SELECT favorites FROM demand_signals s JOIN merchants m ON m.id = s.merchant_id WHERE m.code = 'M-NEWCO' AND category = 'kitchen'"));
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM pg_tables WHERE schemaname = 'staging'"));
    }

    [Theory]
    [InlineData("campaign;merchant;warehouse\n", "wrong delimiter")]
    [InlineData("campaign,merchant,warehouse,region,category,date,page_views,carts,favorites,deposits\nD11-2026,M-ACME,WH-SH1,EAST,a,2026-10-20,1,1,1,1\n", "missing column")]
    [InlineData("", "empty")]
    [InlineData(SignalsHeader + "\n", "no rows")]
    [InlineData(SignalsHeader + "\nD11-2026,M-ACME,WH-SH1\n", "expected 11 fields, found 3")]
    [InlineData(SignalsHeader + "\nD11-2026,\"M-ACME,WH-SH1,EAST,a,2026-10-20,1,1,1,1,1\n", "never closed")]
    public async Task Malformed_signal_files_are_rejected_at_once(string body, string reason)
    {
        var errors = await RejectAsync("signals", body);
        Assert.Contains(errors.EnumerateArray(), e => e.GetProperty("reason").GetString()!.Contains(reason));
    }

    [Fact]
    public async Task Invalid_utf8_is_named_by_line()
    {
        var bytes = Encoding.UTF8.GetBytes($"{SignalsHeader}\nD11-2026,M-ACME,WH-SH1,EAST,a,2026-10-20,1,1,1,1,1\nD11-2026,M-ACME,WH-SH1,EAST,")
            .Concat(new byte[] { 0xFF, 0xFE }).Concat(Encoding.UTF8.GetBytes(",2026-10-21,1,1,1,1,1\n")).ToArray();
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("text/csv");
        using var response = await host.Client(_ops).PostAsync("/v1/signals/uploads", content);
        var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("rejected", status.GetProperty("status").GetString());
        AssertError(status.GetProperty("errors"), 3, "", "not valid UTF-8");
    }

    [Fact]
    public async Task Outcomes_load_and_bad_hours_counts_and_carriers_are_named()
    {
        var ok = await UploadAndWaitAsync("outcomes", $"{OutcomesHeader}\nD11-2025,M-ACME,WH-SH1,SF,EAST,2025-11-11,14,380\r\nD11-2025,M-ACME,WH-SH1,YTO,\"EAST\",2025-11-11,15,120\r\n");
        Assert.True(ok.GetProperty("status").GetString() == "accepted", ok.ToString());

        var errors = await RejectAsync("outcomes", $"""
            {OutcomesHeader}
            D11-2025,M-ACME,WH-SH1,SF,EAST,2025-11-11,24,10
            D11-2025,M-ACME,WH-SH1,SF,EAST,2025-11-11,9,
            D11-2025,M-ACME,WH-SH1,DHL,EAST,2025-11-11,9,5
            D11-2025,M-ACME,WH-SH1,SF,EAST,2025-11-11,10,-1
            """);
        AssertError(errors, 2, "hour", "0 to 23", "24");
        AssertError(errors, 3, "parcels", "missing");
        AssertError(errors, 4, "carrier", "unknown carrier", "DHL");
        AssertError(errors, 5, "parcels", "negative", "-1");
    }

    [Fact]
    public async Task Outcomes_carry_their_handling_class_in_their_key_and_a_bad_class_or_a_repeated_key_is_named()
    {
        var campaigns = await Fixtures.UploadAsync(host.Client(_ops), "campaigns", Fixtures.Campaigns + "\nD11-2022,Double 11 2022,Asia/Shanghai,2022-11-11,2022-11-01,2022-11-14,72\n");
        Assert.Equal("accepted", campaigns.GetProperty("status").GetString());
        // Parcels and appliances from one warehouse through one carrier in one hour: two rows. An empty class is a parcel.
        var first = await UploadAndWaitAsync("outcomes", $"""
            {OutcomesHeader},handling
            D11-2022,M-ACME,WH-SH1,SF,EAST,2022-11-11,14,380,parcel
            D11-2022,M-ACME,WH-SH1,SF,EAST,2022-11-11,14,12,bulky
            D11-2022,M-ACME,WH-SH1,SF,EAST,2022-11-11,15,90,
            """);
        Assert.True(first.GetProperty("status").GetString() == "accepted", first.ToString());
        await using var conn = await host.Db.OpenConnectionAsync();
        async Task<string> Rows() => await conn.ExecuteScalarAsync<string>("""
            SELECT string_agg(format('%s/%s/%s', o.hour, o.handling, o.parcels), ' ' ORDER BY o.hour, o.handling)
            FROM demand_outcomes o JOIN campaigns c ON c.id = o.campaign_id WHERE c.code = 'D11-2022'
            """) ?? "";
        Assert.Equal("14/bulky/12 14/parcel/380 15/parcel/90", await Rows());

        // A later file without the column: its rows are parcels and replace only the parcel rows of their key.
        var again = await UploadAndWaitAsync("outcomes", $"{OutcomesHeader}\nD11-2022,M-ACME,WH-SH1,SF,EAST,2022-11-11,14,400\n");
        Assert.Equal("accepted", again.GetProperty("status").GetString());
        Assert.Equal("14/bulky/12 14/parcel/400 15/parcel/90", await Rows());

        var errors = await RejectAsync("outcomes", $"""
            {OutcomesHeader},handling
            D11-2022,M-ACME,WH-SH1,SF,EAST,2022-11-11,16,10,heavy
            D11-2022,M-ACME,WH-SH1,SF,EAST,2022-11-11,16,10,Bulky
            D11-2022,M-ACME,WH-SH1,SF,EAST,2022-11-11,17,10,
            D11-2022,M-ACME,WH-SH1,SF,EAST,2022-11-11,17,11,parcel
            """);
        AssertError(errors, 2, "handling", "unknown handling class: expected one of parcel, bulky", "heavy");
        AssertError(errors, 3, "handling", "(did you mean 'bulky'?)", "Bulky");
        AssertError(errors, 5, "hour", "the same campaign, merchant, warehouse, carrier, region, date, hour and handling as line 4");
        Assert.Equal(3, errors.GetArrayLength());
    }

    [Fact]
    public async Task An_outcomes_file_of_two_new_campaigns_loads_each_into_its_own_partition_and_a_later_file_merges()
    {
        var campaigns = await Fixtures.UploadAsync(host.Client(_ops), "campaigns", Fixtures.Campaigns + """

            D11-2023,Double 11 2023,Asia/Shanghai,2023-11-11,2023-11-01,2023-11-14,72
            618-2024,618 2024,Asia/Shanghai,2024-06-18,2024-06-01,2024-06-20,72
            """);
        Assert.Equal("accepted", campaigns.GetProperty("status").GetString());
        var status = await UploadAndWaitAsync("outcomes", $"""
            {OutcomesHeader}
            618-2024,M-ACME,WH-SH1,SF,EAST,2024-06-18,9,40
            D11-2023,M-ACME,WH-SH1,SF,EAST,2023-11-11,14,380
            D11-2023,M-ACME,WH-SH1,YTO,EAST,2023-11-11,15,120
            618-2024,M-ACME,WH-SH1,YTO,EAST,2024-06-18,10,7
            D11-2023,M-ACME,WH-SH1,SF,EAST,2023-11-11,13,5
            """);
        Assert.Equal("accepted", status.GetProperty("status").GetString());

        await using var conn = await host.Db.OpenConnectionAsync();
        async Task<string> RowsOf(string campaign) => await conn.ExecuteScalarAsync<string>("""
            SELECT string_agg(format('%s/%s/%s', k.code, o.hour, o.parcels), ' ' ORDER BY o.hour)
            FROM demand_outcomes o JOIN campaigns c ON c.id = o.campaign_id JOIN carriers k ON k.id = o.carrier_id
            WHERE c.code = @campaign
            """, new { campaign }) ?? "";
        Assert.Equal("SF/13/5 SF/14/380 YTO/15/120", await RowsOf("D11-2023"));
        Assert.Equal("SF/9/40 YTO/10/7", await RowsOf("618-2024"));
        // Each campaign's rows are its own partition, keyed, and nothing is left in staging.
        var partitions = (await conn.QueryAsync<(string Name, bool Keyed, long Rows)>("""
            SELECT p.relname, EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = p.oid AND i.indisprimary),
                   (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I', p.relname), false, true, '')))[1]::text::bigint
            FROM pg_inherits h JOIN pg_class p ON p.oid = h.inhrelid JOIN campaigns c ON p.relname = 'demand_outcomes_c' || c.id
            WHERE h.inhparent = 'demand_outcomes'::regclass AND c.code IN ('D11-2023', '618-2024')
            ORDER BY c.code
            """)).ToList();
        Assert.Equal([true, true], partitions.Select(p => p.Keyed));
        Assert.Equal([2L, 3L], partitions.Select(p => p.Rows));
        Assert.Equal(0, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'staging' AND tablename LIKE '%\\_c%'"));

        // The partitions now hold rows: a later file of both campaigns is an upsert into them.
        var again = await UploadAndWaitAsync("outcomes", $"""
            {OutcomesHeader}
            D11-2023,M-ACME,WH-SH1,SF,EAST,2023-11-11,13,6
            618-2024,M-ACME,WH-SH1,SF,EAST,2024-06-18,11,1
            """);
        Assert.Equal("accepted", again.GetProperty("status").GetString());
        Assert.Equal("SF/13/6 SF/14/380 YTO/15/120", await RowsOf("D11-2023"));
        Assert.Equal("SF/9/40 YTO/10/7 SF/11/1", await RowsOf("618-2024"));
    }

    [Fact]
    public async Task The_same_idempotency_key_returns_the_same_upload_and_a_different_body_is_422()
    {
        var body = $"{SignalsHeader}\nD11-2026,M-BOLT,WH-BJ1,NORTH,toys,2026-10-25,10,2,1,0,0\n";
        var first = await UploadAndWaitAsync("signals", body, idempotencyKey: "signals-2026-10-25");
        var again = await UploadAndWaitAsync("signals", body, idempotencyKey: "signals-2026-10-25");
        Assert.Equal(first.GetProperty("id").GetString(), again.GetProperty("id").GetString());

        var before = await FingerprintAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/signals/uploads") { Content = new StringContent(body.Replace(",10,", ",11,"), Encoding.UTF8, "text/csv") };
        request.Headers.Add("Idempotency-Key", "signals-2026-10-25");
        using var conflict = await host.Client(_ops).SendAsync(request);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, conflict.StatusCode);
        Assert.Equal(before, await FingerprintAsync());
        await using var conn = await host.Db.OpenConnectionAsync();
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM uploads WHERE idempotency_key = 'signals-2026-10-25'"));
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM pg_tables WHERE schemaname = 'staging'"));
    }

    [Fact]
    public async Task A_json_body_loads_like_csv_and_only_ops_may_upload()
    {
        var status = await UploadAndWaitAsync("signals",
            """[{"campaign":"D11-2026","merchant":"M-BOLT","warehouse":"WH-BJ1","region":"NORTH","category":"books","date":"2026-10-26","carts":5,"page_views":null}]""",
            "application/json");
        Assert.Equal("accepted", status.GetProperty("status").GetString());

        var merchant = await host.KeyAsync("merchant", "M-ACME");
        using var refused = await host.Client(merchant).PostAsync("/v1/signals/uploads", new StringContent(SignalsHeader, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task The_cli_imports_signals_and_lists_every_bad_line_on_rejection()
    {
        var dir = Directory.CreateTempSubdirectory("logistics-demand-").FullName;
        try
        {
            var good = Path.Combine(dir, "signals.csv");
            await File.WriteAllTextAsync(good, $"{SignalsHeader}\nD11-2026,M-BOLT,WH-BJ1,NORTH,garden,2026-10-27,10,2,1,0,0\n");
            var ok = await LogisticsCli.RunAsync(host.ConnectionString, "import", "signals", good);
            Assert.True(ok.ExitCode == 0, ok.Stderr);
            Assert.Contains("accepted: 1 rows of signals", ok.Stdout);

            var bad = Path.Combine(dir, "bad.csv");
            await File.WriteAllTextAsync(bad, $"{SignalsHeader}\nD11-2026,M-BOLT,WH-BJ1,NORTH,garden,2026-10-28,x,2,1,0,0\nD11-2026,M-BOLT,WH-XX,NORTH,garden,2026-10-28,1,2,1,0,0\n");
            var rejected = await LogisticsCli.RunAsync(host.ConnectionString, "import", "signals", bad);
            Assert.Equal(1, rejected.ExitCode);
            Assert.Contains("line 2, column page_views, value 'x'", rejected.Stderr);
            Assert.Contains("line 3, column warehouse, value 'WH-XX'", rejected.Stderr);
            Assert.Contains("rejected: 2 bad lines", rejected.Stderr);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
