using Logistics.Domain.Campaigns;

namespace Logistics.Scenarios;

/// <summary>A campaign's calendar as the demand model sees it: order days −3..13 around the horizon.</summary>
internal sealed class CampaignCalendar
{
    /// <summary>Ordinary-level order days before the horizon whose handovers land inside it.</summary>
    public const int LeadDays = 3;

    public CampaignCalendar(Campaign campaign, int index)
    {
        Campaign = campaign;
        Index = index;
        var n = ScenarioConstants.HorizonLift.Length;
        OrderDays = new DateOnly[LeadDays + n];
        Weekday = new double[LeadDays + n];
        ExcessShare = new double[LeadDays + n];
        Lift = new double[LeadDays + n];
        for (var i = 0; i < OrderDays.Length; i++)
        {
            OrderDays[i] = campaign.HorizonStart.AddDays(i - LeadDays);
            Weekday[i] = ScenarioConstants.Weekday(OrderDays[i]);
            Lift[i] = i < LeadDays ? 1 : ScenarioConstants.HorizonLift[i - LeadDays];
            ExcessSum += (Lift[i] - 1) * Weekday[i];
        }
        for (var i = 0; i < OrderDays.Length; i++) ExcessShare[i] = (Lift[i] - 1) * Weekday[i] / ExcessSum;
        PresaleDays = Enumerable.Range(0, ScenarioConstants.PresaleDays)
            .Select(d => campaign.HorizonStart.AddDays(d - ScenarioConstants.PresaleDays)).ToArray();
    }

    public Campaign Campaign { get; }
    public int Index { get; }
    public DateOnly[] OrderDays { get; }
    public double[] Weekday { get; }
    public double[] Lift { get; }
    public double[] ExcessShare { get; }
    public double ExcessSum { get; }
    public DateOnly[] PresaleDays { get; }
    public int HorizonDays => ScenarioConstants.HorizonLift.Length;
}
