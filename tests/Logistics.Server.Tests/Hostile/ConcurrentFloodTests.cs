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
