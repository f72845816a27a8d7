using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Bakong.Functional.Redis.Tests;

/// <summary>Keeps every log line, formatted, so tests can read what an operator would see.</summary>
public sealed class ListLogger : ILogger
{
    private readonly ConcurrentQueue<(LogLevel Level, EventId Id, string Text)> lines = new();

    /// <summary>Every line so far.</summary>
    public IReadOnlyList<(LogLevel Level, EventId Id, string Text)> Lines => lines.ToArray();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        lines.Enqueue((logLevel, eventId, formatter(state, exception) + (exception is null ? "" : " " + exception)));
}
