using Microsoft.Extensions.Logging;

namespace Bakong.Functional.Diagnostics;

/// <summary>
/// Every log line the library writes, source-generated, with event ids that stay the same across versions: 100s for
/// calls, 200s for tokens, 300s for the watcher. Nothing here ever takes a token.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(101, LogLevel.Warning, "Bakong {Endpoint} failed with {ErrorType}: {Summary}")]
    internal static partial void CallFailed(ILogger logger, string endpoint, string errorType, string summary);

    [LoggerMessage(102, LogLevel.Information, "Bakong {Endpoint} failed with {ErrorType}; retry {Retry} in {WaitSeconds} s")]
    internal static partial void Retrying(ILogger logger, string endpoint, string errorType, int retry, double waitSeconds);

    [LoggerMessage(201, LogLevel.Information, "Renewed the Bakong access token")]
    internal static partial void TokenRenewed(ILogger logger);

    [LoggerMessage(202, LogLevel.Warning, "Could not renew the Bakong access token: {ErrorType}: {Summary}")]
    internal static partial void TokenRenewalFailed(ILogger logger, string errorType, string summary);

    [LoggerMessage(301, LogLevel.Debug, "Watched payment {Md5} ended: {Outcome}")]
    internal static partial void PaymentSettled(ILogger logger, string md5, string outcome);

    [LoggerMessage(303, LogLevel.Warning, "Watcher saw an answer it cannot trust: {Anomaly}")]
    internal static partial void Anomaly(ILogger logger, string anomaly);
}
