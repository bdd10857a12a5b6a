namespace Logistics.Server.Ingest;

/// <summary>What a code of a carrier, hub, warehouse, merchant, region or campaign may look like.</summary>
public static class Codes
{
    public const string Rule = "a code is 1 to 64 letters, digits, '-', '_', '.' or ':'";

    public static bool IsValid(string code, bool allowPair = false)
    {
        if (allowPair && code.IndexOf('>') is var i and > 0 && code.IndexOf('>', i + 1) < 0)
            return IsValid(code[..i]) && IsValid(code[(i + 1)..]);
        if (code.Length is 0 or > 64) return false;
        foreach (var c in code)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':')) return false;
        return true;
    }
}
