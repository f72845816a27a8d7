using Microsoft.Extensions.Logging;

namespace Bakong.Functional;

/// <summary>The log entries of long-running checks, with stable event ids.</summary>
internal static partial class WatcherLog
{
    [LoggerMessage(EventId = 1801, Level = LogLevel.Warning, Message = "Untrusted answer ({Kind}), not heard and asked again: {Error}")]
    public static partial void Anomaly(ILogger logger, AnswerAnomaly kind, string error);
}
