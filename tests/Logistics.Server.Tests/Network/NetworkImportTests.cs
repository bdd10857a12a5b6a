using System.Net;
using System.Text.Json;
using Dapper;
using Logistics.Server.Tests.Support;

namespace Logistics.Server.Tests.Network;

public sealed class NetworkImportTests(TestHost host) : IClassFixture<TestHost>, IAsyncLifetime
{
    private string _ops = "";

    public async Task InitializeAsync()
    {
        _ops = await host.KeyAsync("ops");
        var status = await Fixtures.UploadAsync(host.Client(_ops), "network", Fixtures.Network);
        Assert.Equal("accepted", status.GetProperty("status").GetString());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> FingerprintAsync()
    {
        await using var conn = await host.Db.OpenConnectionAsync();
        var parts = new List<string>();
        foreach (var table in new[] { "regions", "carriers", "hubs", "warehouses", "merchants", "lanes", "merchant_warehouses", "categories" })
            parts.Add(await conn.ExecuteScalarAsync<string>($"SELECT coalesce(string_agg(t::text, ';' ORDER BY t::text), '') FROM {table} t") ?? "");
        return string.Join("|", parts);
    }

    private async Task<JsonElement> RejectAsync(string csv)
    {
        var before = await FingerprintAsync();
        var status = await Fixtures.UploadAsync(host.Client(_ops), "network", csv);
        Assert.Equal("rejected", status.GetProperty("status").GetString());
        Assert.Equal(before, await FingerprintAsync());
        return status.GetProperty("errors");
    }

    private static void AssertError(JsonElement errors, int line, string column, string reasonPart, string? rule = null)
    {
        Assert.True(errors.EnumerateArray().Any(e =>
            e.GetProperty("line").GetInt64() == line && e.GetProperty("column").GetString() == column
            && e.GetProperty("reason").GetString()!.Contains(reasonPart)
            && (rule is null || e.GetProperty("rule").GetString() == rule)), $"no error line {line} column '{column}' '{reasonPart}' rule '{rule}' in {errors}");
    }

    [Fact]
    public async Task A_category_row_classes_a_category_as_parcel_or_bulky_and_an_empty_class_is_parcel()
    {
        var status = await Fixtures.UploadAsync(host.Client(_ops), "network", """
            kind,code,name,parent,region,handling
            category,appliances,Large appliances,,,bulky
            category,furniture,Furniture,,,bulky
            category,phones,Phones,,,parcel
            category,books,Books,,,
            """);
        Assert.True(status.GetProperty("status").GetString() == "accepted", status.ToString());
        await using var conn = await host.Db.OpenConnectionAsync();
        var classes = (await conn.QueryAsync<(string Code, string Name, string Handling)>("SELECT code, name, handling FROM categories ORDER BY code")).ToList();
        Assert.Equal([("appliances", "Large appliances", "bulky"), ("books", "Books", "parcel"), ("furniture", "Furniture", "bulky"), ("phones", "Phones", "parcel")], classes);

        // A later file classes a category again; a file without the column leaves the classes as they are.
        Assert.Equal("accepted", (await Fixtures.UploadAsync(host.Client(_ops), "network", "kind,code,name,parent,region,handling\ncategory,furniture,Furniture,,,parcel\n")).GetProperty("status").GetString());
        Assert.Equal("accepted", (await Fixtures.UploadAsync(host.Client(_ops), "network", "kind,code,name,parent,region\nregion,WEST2,West,,\n")).GetProperty("status").GetString());
        Assert.Equal("parcel", await conn.ExecuteScalarAsync<string>("SELECT handling FROM categories WHERE code = 'furniture'"));
        Assert.Equal("bulky", await conn.ExecuteScalarAsync<string>("SELECT handling FROM categories WHERE code = 'appliances'"));
    }

    [Fact]
    public async Task Bad_category_rows_and_a_handling_class_off_a_category_are_named_and_change_nothing()
    {
        var errors = await RejectAsync("""
            kind,code,name,parent,region,handling
            category,fridges,Fridges,,,bulk
            category,sofas,Sofas,,,Bulky
            category,tv sets,TV sets,,,bulky
            category,lamps,Lamps,FURNITURE,,parcel
            category,rugs,Rugs,,EAST,parcel
            hub,SF-SH,SF Shanghai hub,SF,EAST,bulky
            warehouse,WH-SH1,Shanghai warehouse 1,,EAST,parcel
            category,fridges,Fridges again,,,bulky
            """);
        AssertError(errors, 2, "handling", "unknown handling class: expected one of parcel, bulky (did you mean 'bulky'?)", "unknown_handling");
        AssertError(errors, 3, "handling", "unknown handling class", "unknown_handling");
        AssertError(errors, 4, "code", "a code is 1 to 64 letters", "invalid_code");
        AssertError(errors, 5, "parent", "a category has no parent", "not_applicable");
        AssertError(errors, 6, "region", "a category has no region", "not_applicable");
        // Nothing in the network file declares a bulky line: the hub's carrier does, with bulky_sort capacity.
        AssertError(errors, 7, "handling", "a hub has a bulky line when its carrier uploads bulky_sort capacity for it", "not_applicable");
        AssertError(errors, 8, "handling", "only categories have a handling class", "not_applicable");
        AssertError(errors, 9, "code", "duplicate category code (first on line 2)", "duplicate_code");
        Assert.Equal(8, errors.GetArrayLength());
    }

    [Fact]
    public async Task An_unknown_kind_is_named_with_its_line()
    {
        var errors = await RejectAsync("""
            kind,code,name,parent,region
            region,WEST,West China,,
            depot,D1,A depot,,
            """);
        Assert.Single(errors.EnumerateArray());
        AssertError(errors, 3, "kind", "unknown kind");
    }

    [Fact]
    public async Task A_missing_parent_is_named_and_nothing_of_the_file_is_applied()
    {
        var errors = await RejectAsync("""
            kind,code,name,parent,region
            carrier,ZTO,ZTO Express,,
            hub,GHOST-1,Ghost hub,GHOST,EAST
            warehouse,WH-NEW,New warehouse,,NOWHERE
            merchant_warehouse,M-ACME>WH-NONE,,,
            """);
        AssertError(errors, 3, "parent", "no carrier 'GHOST'");
        AssertError(errors, 4, "region", "no region 'NOWHERE'");
        AssertError(errors, 5, "code", "no warehouse 'WH-NONE'");
        Assert.Equal(3, errors.GetArrayLength());
    }

    [Fact]
    public async Task A_duplicate_code_names_both_lines()
    {
        var errors = await RejectAsync("""
            kind,code,name,parent,region
            warehouse,WH-GZ1,Guangzhou 1,,EAST
            region,SOUTH,South China,,
            warehouse,WH-GZ1,Guangzhou 1 again,,EAST
            """);
        AssertError(errors, 4, "code", "duplicate warehouse code (first on line 2)");
        Assert.Single(errors.EnumerateArray());
    }

    [Fact]
    public async Task A_lane_whose_hub_belongs_to_another_carrier_is_refused()
    {
        var errors = await RejectAsync("""
            kind,code,name,parent,region
            lane,WH-BJ1>YTO-SH,,SF,
            """);
        AssertError(errors, 2, "parent", "hub 'YTO-SH' belongs to carrier 'YTO', not 'SF'");
    }

    [Fact]
    public async Task Every_bad_line_is_reported_not_just_the_first()
    {
        var errors = await RejectAsync("""
            kind,code,name,parent,region
            depot,D1,A depot,,
            lane,WH-BJ1>YTO-SH,,SF,
            hub,H9,Hub nine,NOBODY,
            lane,WH-SH1,,SF,
            """);
        AssertError(errors, 2, "kind", "unknown kind");
        AssertError(errors, 3, "parent", "belongs to carrier 'YTO'");
        AssertError(errors, 4, "parent", "no carrier 'NOBODY'");
        AssertError(errors, 5, "code", "WAREHOUSE>HUB");
    }

    [Theory]
    [InlineData("kind;code;name;parent;region\nregion;X;X;;\n", 1, "", "wrong delimiter")]
    [InlineData("kind,code,name,region\nregion,X,X,\n", 1, "parent", "missing column")]
    [InlineData("kind,code,name,parent,region,colour\nregion,X,X,,,red\n", 1, "#6", "unknown column")]
    [InlineData("kind,code,name,parent,region\nregion,X,\"X,,\n", 2, "", "never closed")]
    [InlineData("kind,code,name,parent,region\nregion,X,X\n", 2, "", "expected 5 fields, found 3")]
    [InlineData("", 1, "", "empty")]
    public async Task Malformed_files_are_rejected_with_where_and_why(string csv, int line, string column, string reason)
    {
        var errors = await RejectAsync(csv);
        AssertError(errors, line, column, reason);
    }

    [Fact]
    public async Task Invalid_utf8_names_its_line()
    {
        var before = await FingerprintAsync();
        var bytes = "kind,code,name,parent,region\nregion,OK,Fine,,\nregion,BAD,"u8.ToArray().Concat(new byte[] { 0xC3, 0x28 }).Concat(",,\n"u8.ToArray()).ToArray();
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("text/csv");
        using var response = await host.Client(_ops).PostAsync("/v1/network/uploads", content);
        var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("rejected", status.GetProperty("status").GetString());
        AssertError(status.GetProperty("errors"), 3, "", "not valid UTF-8");
        Assert.Equal(before, await FingerprintAsync());
    }

    [Fact]
    public async Task Bom_crlf_and_quoted_fields_are_accepted_and_a_row_for_an_existing_code_updates_it()
    {
        var csv = "\uFEFFkind,code,name,parent,region\r\nwarehouse,WH-SH1,\"Shanghai warehouse 1, Pudong\",,EAST\r\nlane,WH-BJ1>SF-SH,\"cross, \"\"long\"\" lane\",SF,\r\n";
        var status = await Fixtures.UploadAsync(host.Client(_ops), "network", csv);
        Assert.Equal("accepted", status.GetProperty("status").GetString());
        await using var conn = await host.Db.OpenConnectionAsync();
        Assert.Equal("Shanghai warehouse 1, Pudong", await conn.ExecuteScalarAsync<string>("SELECT name FROM warehouses WHERE code = 'WH-SH1'"));
        Assert.Equal("cross, \"long\" lane", await conn.ExecuteScalarAsync<string>(
            "SELECT l.name FROM lanes l JOIN warehouses w ON w.id = l.warehouse_id JOIN hubs h ON h.id = l.hub_id WHERE w.code = 'WH-BJ1' AND h.code = 'SF-SH'"));
    }

    [Fact]
    public async Task The_upload_is_202_with_a_location_that_shows_its_status()
    {
        using var response = await host.Client(_ops).PostAsync("/v1/network/uploads", Fixtures.Csv("kind,code,name,parent,region\nregion,WEST,West,,\n"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("/v1/network/uploads/", location);
        var status = await Fixtures.GetJsonAsync(host.Client(_ops), location);
        Assert.Equal("accepted", status.GetProperty("status").GetString());
        Assert.Equal(1, status.GetProperty("rows_total").GetInt64());

        // Nobody but ops and the uploader sees it; a merchant gets the same 404 as for nothing.
        var merchant = await host.KeyAsync("merchant", "M-ACME");
        using var hidden = await host.Client(merchant).GetAsync(location);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
    }

    [Fact]
    public async Task The_same_idempotency_key_gives_the_same_upload_and_a_different_body_is_422()
    {
        var csv = "kind,code,name,parent,region\nregion,CENTRAL,Central,,\n";
        var first = await Fixtures.UploadAsync(host.Client(_ops), "network", csv, "net-2026-11-01");
        var again = await Fixtures.UploadAsync(host.Client(_ops), "network", csv, "net-2026-11-01");
        Assert.Equal(first.GetProperty("id").GetString(), again.GetProperty("id").GetString());

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/network/uploads") { Content = Fixtures.Csv(csv + "region,OTHER,Other,,\n") };
        request.Headers.Add("Idempotency-Key", "net-2026-11-01");
        using var conflict = await host.Client(_ops).SendAsync(request);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, conflict.StatusCode);
        await using var conn = await host.Db.OpenConnectionAsync();
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM regions WHERE code = 'OTHER'"));
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM uploads WHERE idempotency_key = 'net-2026-11-01'"));
    }

    [Fact]
    public async Task A_json_body_is_validated_like_csv()
    {
        using var content = new StringContent("""[{"kind":"region","code":"J1","name":"Json region"},{"kind":"hub","code":"J-H","name":"x","parent":"NOPE","region":"J1"}]""",
            System.Text.Encoding.UTF8, "application/json");
        using var response = await host.Client(_ops).PostAsync("/v1/network/uploads", content);
        var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("rejected", status.GetProperty("status").GetString());
        AssertError(status.GetProperty("errors"), 2, "parent", "no carrier 'NOPE'");
    }
}
