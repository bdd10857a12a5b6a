namespace Logistics.Server.Demand;

/// <summary>
/// What a cell must hold to pass the SQL checks of <see cref="DemandChecks"/>, decided in memory as
/// a line streams in. Any change to a check there must be made here too (and the other way round).
/// </summary>
internal static class DemandCells
{
    /// <summary>'^\d{1,12}$' (ASCII digits: the database has no locale).</summary>
    public static bool TryCount(string text, out long value)
    {
        value = 0;
        if (text.Length is 0 or > 12) return false;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    /// <summary>Empty is unknown (null); otherwise a count.</summary>
    public static bool TryOptionalCount(string text, out long? value)
    {
        value = null;
        if (text.Length == 0) return true;
        if (!TryCount(text, out var v)) return false;
        value = v;
        return true;
    }

    /// <summary>is_iso_date: YYYY-MM-DD naming a real date.</summary>
    public static bool TryDate(string text, out DateOnly day)
    {
        day = default;
        if (text.Length != 10 || text[4] != '-' || text[7] != '-') return false;
        if (!TryDigits(text, 0, 4, out var y) || !TryDigits(text, 5, 2, out var m) || !TryDigits(text, 8, 2, out var d)) return false;
        if (y < 1 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m)) return false;
        day = new DateOnly(y, m, d);
        return true;
    }

    /// <summary>'^([01]?\d|2[0-3])$'.</summary>
    public static bool TryHour(string text, out short hour)
    {
        hour = 0;
        if (text.Length is 0 or > 2 || !TryDigits(text, 0, text.Length, out var h)) return false;
        if (h > 23) return false;
        hour = (short)h;
        return true;
    }

    private static bool TryDigits(string text, int start, int length, out int value)
    {
        value = 0;
        for (var i = start; i < start + length; i++)
        {
            if (!char.IsAsciiDigit(text[i])) return false;
            value = value * 10 + (text[i] - '0');
        }
        return true;
    }
}
