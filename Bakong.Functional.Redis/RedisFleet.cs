using LanguageExt;
using StackExchange.Redis;

namespace Bakong.Functional.Redis;

/// <summary>Connection settings that suit the fleet's coordination.</summary>
public static class RedisFleet
{
    /// <summary>
    /// Parses a StackExchange.Redis connection string and makes commands fail at once while Redis is unreachable
    /// (instead of queueing until a timeout), and lets the connection start while Redis is down and reconnect later.
    /// That is what lets the fleet fall back quickly rather than stall a payment check.
    /// </summary>
    /// <param name="connectionString">For example <c>localhost:6379</c> or <c>redis1:6379,password=…,ssl=true</c>.</param>
    /// <returns>The options, to pass to <see cref="ConnectionMultiplexer.ConnectAsync(ConfigurationOptions, TextWriter?)"/>; <see cref="BakongError.InvalidInput"/> naming <c>connectionString</c> when it cannot be parsed.</returns>
    public static Fin<ConfigurationOptions> Configure(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            return BakongError.InvalidInput.Of("connectionString", "is required");
        try
        {
            var options = ConfigurationOptions.Parse(connectionString);
            options.AbortOnConnectFail = false;
            options.BacklogPolicy = BacklogPolicy.FailFast;
            return options;
        }
        catch (ArgumentException)
        {
            // The parser's message may quote the string, password included.
            return BakongError.InvalidInput.Of("connectionString", "is not a valid Redis connection string");
        }
    }
}
