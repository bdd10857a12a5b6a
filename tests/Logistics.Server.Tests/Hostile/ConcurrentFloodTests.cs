using System.Net;
using Logistics.Server.Tests.Support;

namespace Logistics.Server.Tests.Hostile;

/// <summary>A node of its own, so its address's budget of unknown keys is untouched when the test starts.</summary>
public sealed class ConcurrentFloodHost : TestHost
{
    protected override string[] Arguments => ["--Logistics:UnknownKeysPerMinute=10"];
}

/// <summary>
/// Made-up keys sent many at a time still get no more lookups than the budget: each takes its
/// lookup from the budget before it is looked up, not after.
/// </summary>
public sealed class ConcurrentFloodTests(ConcurrentFloodHost host) : IClassFixture<ConcurrentFloodHost>
{
    [Fact]
    public async Task Concurrent_random_keys_get_at_most_the_budget_of_lookups()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            using var random = host.Client($"lgk_{Guid.NewGuid():N}"[..14] + "_" + new string('a', 43));
            using var response = await random.GetAsync("/v1/me");
            return response.StatusCode;
        }));

        Assert.Equal(10, answers.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(190, answers.Count(s => s == HttpStatusCode.TooManyRequests));
    }
}

/// <summary>A node of its own, whose address has not presented a single unknown key.</summary>
public sealed class FreshKeysHost : TestHost
{
    protected override string[] Arguments => ["--Logistics:UnknownKeysPerMinute=10"];
}

/// <summary>Only unknown keys are charged: an address starting with many valid keys keeps working.</summary>
public sealed class FreshKeysTests(FreshKeysHost host) : IClassFixture<FreshKeysHost>
{
    [Fact]
    public async Task Valid_keys_seen_for_the_first_time_are_not_charged_to_the_budget()
    {
        // More new valid keys than the address's budget of unknown ones, one after another: each is
        // looked up once and none is refused. (At the same moment, lookups under way count against
        // the budget whatever their outcome: that is what bounds a flood.)
        var keys = new List<string>();
        for (var i = 0; i < 15; i++) keys.Add(await host.KeyAsync("ops"));
        var answers = new List<HttpStatusCode>();
        foreach (var key in keys)
        {
            using var client = host.Client(key);
            using var response = await client.GetAsync("/v1/me");
            answers.Add(response.StatusCode);
        }
        Assert.All(answers, s => Assert.Equal(HttpStatusCode.OK, s));
    }
}
