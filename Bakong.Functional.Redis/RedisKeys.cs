using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Bakong.Functional.Redis;

/// <summary>The keys this package writes, and the small Redis helpers its types share.</summary>
internal static class RedisKeys
{
    internal const string DefaultPrefix = "bakong:";

    /// <summary>Deletes a lock or lease only if it still holds our value, so an expired holder cannot free another's.</summary>
    internal const string ReleaseIfOwner =
        "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    internal static bool IsValidPrefix(string? prefix) =>
        prefix is { Length: >= 1 and <= 64 } && prefix.All(c => c is > ' ' and < '\u007f');

    /// <summary>
    /// A hash of the host and e-mail, so neither appears in a key: <c>sha256("host\nemail")</c>, first 32 hex characters.
    /// The e-mail is lowercased, as Bakong treats it.
    /// </summary>
    internal static string TokenId(Uri host, string email)
    {
        var text = host.AbsoluteUri.TrimEnd('/').ToLowerInvariant() + "\n" + email.Trim().ToLowerInvariant();
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 16).ToLowerInvariant();
    }

    /// <summary>Runs one Redis command with a time limit; any failure (down, timed out, refused) becomes the reason, never an exception.</summary>
    internal static async Task<Reply<T>> Try<T>(Func<Task<T>> command, TimeSpan timeout, TimeProvider clock)
    {
        try
        {
            return new Reply<T>(await command().WaitAsync(timeout, clock).ConfigureAwait(false), null);
        }
        catch (TimeoutException)
        {
            return new Reply<T>(default!, $"no answer within {timeout.TotalMilliseconds:0} ms");
        }
#pragma warning disable CA1031 // Redis failing is an expected state here, reported as a value.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // The type only: client messages can carry endpoint details that do not belong in every log line.
            return new Reply<T>(default!, ex.GetType().Name);
        }
    }
}

/// <summary>A Redis command's answer, or why there is none.</summary>
/// <param name="Value">The answer; meaningless when <paramref name="Failure"/> is set.</param>
/// <param name="Failure">Why Redis did not answer: an exception type or a timeout, never a value.</param>
internal readonly record struct Reply<T>(T Value, string? Failure)
{
    public bool Ok => Failure is null;
}
