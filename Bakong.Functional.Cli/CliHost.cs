namespace Bakong.Functional.Cli;

/// <summary>Everything the tool touches outside itself, so tests can supply their own.</summary>
/// <param name="Out">Where results go (stdout).</param>
/// <param name="Error">Where errors and progress go (stderr).</param>
/// <param name="GetEnvironmentVariable">Reads BAKONG_TOKEN and BAKONG_BASE_URL.</param>
/// <param name="Handler">Sends the HTTP requests; null means a real <see cref="HttpClientHandler"/>. Not disposed by the tool.</param>
/// <param name="Input">Where <c>-</c> reads from (stdin); null means nothing to read.</param>
/// <param name="Time">The clock for KHQR creation and expiry times; null means the system clock.</param>
internal sealed record CliHost(
    TextWriter Out, TextWriter Error, Func<string, string?> GetEnvironmentVariable, HttpMessageHandler? Handler = null,
    TextReader? Input = null, TimeProvider? Time = null)
{
    public static CliHost Console() =>
        new(System.Console.Out, System.Console.Error, Environment.GetEnvironmentVariable, Input: System.Console.In);

    public TimeProvider Clock => Time ?? TimeProvider.System;
}

/// <summary>Reports on the calling thread, so progress lines come out in order with the rest (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
