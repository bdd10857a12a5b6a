namespace Logistics.Domain.Handling;

/// <summary>The one place handling classes get their file, JSON and SQL spellings.</summary>
public static class HandlingClasses
{
    public const string Parcel = "parcel";
    public const string Bulky = "bulky";

    /// <summary>Every class's spelling, in the enum's order.</summary>
    public static IReadOnlyList<string> Names { get; } = [Parcel, Bulky];

    public static string Name(HandlingClass c) => c switch
    {
        HandlingClass.Parcel => Parcel,
        HandlingClass.Bulky => Bulky,
        _ => throw new ArgumentOutOfRangeException(nameof(c), c, "not a handling class"),
    };

    /// <summary>A class from its spelling; false for anything else (the caller says which line).</summary>
    public static bool TryParse(string name, out HandlingClass c)
    {
        switch (name)
        {
            case Parcel: c = HandlingClass.Parcel; return true;
            case Bulky: c = HandlingClass.Bulky; return true;
            default: c = default; return false;
        }
    }
}
