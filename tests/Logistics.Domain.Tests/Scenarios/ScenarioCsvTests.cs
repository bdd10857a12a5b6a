using Logistics.Domain.Network;
using Logistics.Scenarios;

namespace Logistics.Domain.Tests.Scenarios;

public sealed class ScenarioCsvTests(SmallScenario fixture) : IClassFixture<SmallScenario>
{
    private readonly Scenario _s = fixture.Scenario;

    private static string[] Lines(Action<TextWriter> write)
    {
        var w = new StringWriter();
        write(w);
        var text = w.ToString();
        Assert.DoesNotContain("\r", text);
        Assert.EndsWith("\n", text);
        return text[..^1].Split('\n');
    }

    [Fact]
    public void Headers_are_exactly_the_contract()
    {
        Assert.Equal("code,name,time_zone,sale_days,horizon_start,horizon_end,ship_within_hours", Lines(w => ScenarioCsv.WriteCampaigns(w, _s))[0]);
        Assert.Equal("kind,code,name,parent,region", Lines(w => ScenarioCsv.WriteNetwork(w, _s))[0]);
        Assert.Equal("node,kind,start,hours,parcels", Lines(w => ScenarioCsv.WriteCapacity(w, _s))[0]);
        Assert.Equal("campaign,merchant,warehouse,region,category,date,page_views,carts,favorites,deposits,presale_orders", Lines(w => ScenarioCsv.WriteSignals(w, _s))[0]);
        Assert.Equal("campaign,merchant,warehouse,carrier,region,date,hour,parcels", Lines(w => ScenarioCsv.WriteOutcomes(w, _s))[0]);
    }

    [Fact]
    public void Headers_appear_in_the_contract()
    {
        // The contract lives in the README's "Files" section (../shared/CONTRACTS.md says so); it may
        // wrap a header over two backticked pieces, so they are joined.
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Logistics.sln"))) dir = dir.Parent;
        var contract = File.ReadAllText(Path.Combine(dir!.FullName, "README.md")).Replace("`", "").Replace("\n", "").Replace(" ", "");
        foreach (var header in new[] { ScenarioCsv.CampaignsHeader, ScenarioCsv.NetworkHeader, ScenarioCsv.CapacityHeader, ScenarioCsv.SignalsHeader, ScenarioCsv.OutcomesHeader })
            Assert.Contains(header, contract);
    }

    [Fact]
    public void Rows_have_the_contract_shapes()
    {
        var campaigns = Lines(w => ScenarioCsv.WriteCampaigns(w, _s));
        Assert.Equal("D11-2026,Double 11 2026,Asia/Shanghai,2026-11-01;2026-11-11,2026-11-01,2026-11-14,72", campaigns[^1]);

        var capacity = Lines(w => ScenarioCsv.WriteCapacity(w, _s));
        Assert.Matches(@"^[A-Z0-9-]+,sort,2026-11-01T00:00:00\+08:00,1,\d+$", capacity[1]);
        Assert.All(capacity.Skip(1), l => Assert.Equal(5, l.Split(',').Length));

        var network = Lines(w => ScenarioCsv.WriteNetwork(w, _s));
        Assert.Contains(network, l => l.StartsWith("lane,W0001>", StringComparison.Ordinal));
        Assert.Contains(network, l => l.StartsWith("merchant_warehouse,M000001>W", StringComparison.Ordinal));
        Assert.Contains(network, l => l.StartsWith("hub,C01-H01,Carrier 01 hub 01,C01,R", StringComparison.Ordinal));

        var signals = Lines(w => ScenarioCsv.WriteSignals(w, _s));
        Assert.All(signals.Skip(1), l => Assert.Equal(11, l.Split(',').Length));
        Assert.Contains(signals, l => l.Split(',')[6] == ""); // unknown page views are empty, not 0

        var outcomes = Lines(w => ScenarioCsv.WriteOutcomes(w, _s));
        Assert.Matches(@"^D11-2024,M\d{6},W\d{4},C\d\d,R\d\d,2024-11-\d\d,\d{1,2},[1-9]\d*$", outcomes[1]);
    }

    [Fact]
    public void Capacity_splits_into_one_file_per_uploader()
    {
        var all = Lines(w => ScenarioCsv.WriteCapacity(w, _s)).Length - 1;
        var perUploader = _s.Network.Carriers.Select(c => c.Code).Append(null)
            .Sum(c => Lines(w => ScenarioCsv.WriteCapacity(w, _s, c)).Length - 1);
        Assert.Equal(all, perUploader);
        var ops = Lines(w => ScenarioCsv.WriteCapacity(w, _s, null));
        Assert.All(ops.Skip(1), l => Assert.Equal("outbound", l.Split(',')[1]));
    }

    [Fact]
    public void Fields_are_quoted_per_rfc_4180()
    {
        var network = NetworkModel.Empty with { Carriers = [new Carrier("C1", "Speedy, \"fast\" Co")] };
        var lines = Lines(w => ScenarioCsv.WriteNetwork(w, network));
        Assert.Equal("carrier,C1,\"Speedy, \"\"fast\"\" Co\",,", lines[1]);
    }
}
