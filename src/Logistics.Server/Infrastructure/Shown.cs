namespace Logistics.Server;

/// <summary>
/// Values from a request shown back to the caller (in an error report, a problem's detail) are cut
/// to a fixed length: a 10 MB node code costs 10 MB once, while it is read, and never again in what
/// is stored or answered.
/// </summary>
public static class Shown
{
    /// <summary>How much of a value an error report or a problem's detail repeats.</summary>
    public const int MaxValueChars = 200;

    /// <summary>
    /// The value itself when it is at most <paramref name="max"/> characters; otherwise its start,
    /// an ellipsis and its full length in at most <paramref name="max"/> characters, so a reader sees
    /// both what it began with and that it was cut (and cutting it again changes nothing).
    /// </summary>
    public static string Cut(ReadOnlySpan<char> value, int max = MaxValueChars)
    {
        if (value.Length <= max) return value.ToString();
        var tail = $"… ({value.Length} characters)";
        var keep = Math.Max(1, max - tail.Length);
        if (char.IsHighSurrogate(value[keep - 1])) keep--;   // never split a character in two
        return string.Concat(value[..keep], tail);
    }

    /// <inheritdoc cref="Cut(ReadOnlySpan{char}, int)"/>
    public static string Cut(string value, int max = MaxValueChars) => value.Length <= max ? value : Cut(value.AsSpan(), max);
}
