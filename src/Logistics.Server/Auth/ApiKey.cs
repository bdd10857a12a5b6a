using System.Security.Cryptography;
using System.Text;

namespace Logistics.Server.Auth;

/// <summary>
/// A key reads "lgk_" + a public 10-character prefix + "_" + a 43-character secret. The prefix
/// finds the row; the SHA-256 of the whole key is then compared in constant time.
/// </summary>
internal static class ApiKey
{
    private const string Scheme = "lgk_";
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";   // no look-alikes

    public static (string Key, string Prefix, byte[] Hash) New()
    {
        var prefix = string.Create(10, 0, (span, _) =>
        {
            Span<byte> random = stackalloc byte[10];
            RandomNumberGenerator.Fill(random);
            for (var i = 0; i < span.Length; i++) span[i] = Alphabet[random[i] % Alphabet.Length];
        });
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var key = $"{Scheme}{prefix}_{secret}";
        return (key, prefix, Hash(key));
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>The prefix of a well-formed key, or null: anything else is rejected before the database.</summary>
    public static string? PrefixOf(string key)
    {
        if (key.Length != Scheme.Length + 10 + 1 + 43 || !key.StartsWith(Scheme, StringComparison.Ordinal) || key[Scheme.Length + 10] != '_')
            return null;
        foreach (var c in key.AsSpan(Scheme.Length))
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return null;
        return key.Substring(Scheme.Length, 10);
    }

    public static bool Matches(string key, byte[] storedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(key), storedHash);
}
