using LanguageExt;
using LanguageExt.Common;
using Bakong.Functional.Runner;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bakong.Functional;

/// <summary>
/// Runs <see cref="Endpoint{A}"/>s against an <see cref="HttpMessageInvoker"/> (an <see cref="HttpClient"/>, a factory
/// client or a test handler). It never throws: every outcome is a <see cref="Fin{A}"/>, and every failure a
/// <see cref="BakongError"/>. There is one front door per use:
/// <list type="bullet">
/// <item><see cref="SendAsync{A}(Fin{Endpoint{A}}, CancellationToken)"/>: a <c>Task&lt;Fin&lt;A&gt;&gt;</c> for <c>await</c> and F#.</item>
/// <item><see cref="Send{A}(Fin{Endpoint{A}}, CancellationToken)"/>: an <see cref="Aff{A}"/> for LINQ queries; nothing is sent until it is run.</item>
/// </list>
/// Inside, one transport is wrapped in small policies (auth, retry, deadline, redaction) that see the raw response; the
/// endpoint's decoder runs once, last, and telemetry observes the whole call.
/// </summary>
/// <example>
/// <code>
/// var client = new BakongClient(new HttpClient(), new BakongClientOptions { Token = token });
/// Fin&lt;Option&lt;Transaction&gt;&gt; paid = await client.SendAsync(CheckTransactionByMd5.Create(md5).OrNone());
/// </code>
/// </example>
public sealed class BakongClient
{
    private readonly Fin<TelemetryStage> pipeline;
    private readonly HttpMessageInvoker? invoker;
    private readonly BakongClientOptions options;

    /// <summary>A client over <paramref name="invoker"/>. The options are copied; later changes to them do not affect this client.</summary>
    /// <param name="invoker">Sends the HTTP requests. The client does not dispose it.</param>
    /// <param name="options">Host, token, timeout and limits; null means the defaults (production, no token).</param>
    public BakongClient(HttpMessageInvoker? invoker, BakongClientOptions? options = null)
        : this(invoker, (options ?? new BakongClientOptions()).Clone(), tokenSource: null, replaceSource: false)
    {
    }

    private BakongClient(HttpMessageInvoker? invoker, BakongClientOptions options, IAccessTokenSource? tokenSource, bool replaceSource)
    {
        this.invoker = invoker;
        this.options = options;
        if (replaceSource)
        {
            options.TokenSource = tokenSource;
            options.Token = ConfiguredToken.None;
        }
        Clock = options.TimeProvider ?? TimeProvider.System;
        var valid = invoker is null ? BakongError.InvalidInput.Of("invoker", "is required") : options.Validate();
        pipeline = valid.Map(_ => Build(invoker!, options, Clock));
    }

    /// <summary>A client whose every call answers <paramref name="error"/>: settings that failed validation elsewhere (DI) stay values.</summary>
    internal static BakongClient Refusing(HttpMessageInvoker? invoker, Error error) =>
        new(invoker, new BakongClientOptions(), error);

    private BakongClient(HttpMessageInvoker? invoker, BakongClientOptions options, Error error)
    {
        this.invoker = invoker;
        this.options = options;
        Clock = TimeProvider.System;
        pipeline = BakongError.From(error);
        refused = true;
    }

    // Set only by Refusing: a new token cannot fix settings that failed validation.
    private readonly bool refused;

    /// <summary>The clock this client waits and reads time with; the workflows use it too.</summary>
    internal TimeProvider Clock { get; }

    /// <summary>Where this client and the workflows built on it log; writes nothing unless options gave a factory.</summary>
    internal ILoggerFactory Logs => options.LoggerFactory ?? NullLoggerFactory.Instance;

    /// <summary>The same client with a fixed bearer token, for example one just renewed in a LINQ query.</summary>
    public BakongClient WithToken(AccessToken? token) => refused ? this :
        new(invoker, options.Clone(), token is null ? null : new FixedAccessTokenSource(token), replaceSource: true);

    /// <summary>The same client with another retry policy.</summary>
    internal BakongClient WithRetry(RetryPolicy retry)
    {
        if (refused)
            return this;
        var copy = options.Clone();
        copy.Retry = retry;
        return new(invoker, copy, tokenSource: null, replaceSource: false);
    }

    /// <summary>The same client with another token source.</summary>
    public BakongClient WithTokenSource(IAccessTokenSource? source) => refused ? this :
        new(invoker, options.Clone(), source, replaceSource: true);

    /// <summary>Runs an endpoint; for <c>await</c> and F#. Repeatable endpoints are retried per <see cref="BakongClientOptions.Retry"/>.</summary>
    /// <param name="endpoint">The endpoint, usually straight from its <c>Create</c>, so a validation failure passes through without I/O.</param>
    /// <param name="cancellationToken">Cancels the call; the result is then <see cref="BakongError.Cancelled"/>.</param>
    public Task<Fin<A>> SendAsync<A>(Fin<Endpoint<A>> endpoint, CancellationToken cancellationToken = default) =>
        // A default Fin is neither value nor error: it counts as no endpoint.
        endpoint.IsBottom ? Task.FromResult<Fin<A>>(BakongError.InvalidInput.Of("endpoint", "is required"))
        : endpoint.Case is Endpoint<A> valid ? SendAsync(valid, cancellationToken)
        : Task.FromResult<Fin<A>>(endpoint.ErrorOf()!);

    /// <summary>Runs an endpoint; for <c>await</c> and F#.</summary>
    /// <param name="endpoint">The endpoint to run.</param>
    /// <param name="cancellationToken">Cancels the call; the result is then <see cref="BakongError.Cancelled"/>.</param>
    public Task<Fin<A>> SendAsync<A>(Endpoint<A>? endpoint, CancellationToken cancellationToken = default)
    {
        if (pipeline.Case is not TelemetryStage stages)
            return Task.FromResult<Fin<A>>(pipeline.ErrorOf()!);
        if (endpoint is null)
            return Task.FromResult<Fin<A>>(BakongError.InvalidInput.Of("endpoint", "is required"));
        var sent = stages.Send(endpoint, new Call(null, options.MaxResponseBytes, cancellationToken));
        return sent.IsCompletedSuccessfully ? Task.FromResult(sent.Result) : sent.AsTask();
    }

    /// <summary>
    /// The endpoint as an effect, for LINQ queries over <see cref="Aff{A}"/>: nothing is sent until the query is run, and
    /// each run sends again. The failure is always a <see cref="BakongError"/>.
    /// </summary>
    /// <param name="endpoint">The endpoint, usually straight from its <c>Create</c>.</param>
    /// <param name="cancellationToken">Cancels the call when the effect runs.</param>
    /// <example>
    /// <code>
    /// var query = from token in client.Send(RenewToken.Create(email), ct)
    ///             from paid in client.WithToken(token).Send(CheckTransactionByMd5.Create(md5).OrNone(), ct)
    ///             select paid;
    /// Fin&lt;Option&lt;Transaction&gt;&gt; result = await query.Run();
    /// </code>
    /// </example>
    public Aff<A> Send<A>(Fin<Endpoint<A>> endpoint, CancellationToken cancellationToken = default) =>
        Effect.Of(() => SendAsync(endpoint, cancellationToken));

    /// <summary>The endpoint as an effect, for LINQ queries over <see cref="Aff{A}"/>.</summary>
    /// <param name="endpoint">The endpoint to run.</param>
    /// <param name="cancellationToken">Cancels the call when the effect runs.</param>
    public Aff<A> Send<A>(Endpoint<A>? endpoint, CancellationToken cancellationToken = default) =>
        Effect.Of(() => SendAsync(endpoint, cancellationToken));

    /// <summary>Never the token: the host only.</summary>
    public override string ToString() => $"BakongClient({options.BaseUrl?.GetLeftPart(UriPartial.Authority)})";

    /// <summary>
    /// The pipeline, outermost first: telemetry ∘ decode-last ∘ auth ∘ retry ∘ deadline ∘ redaction ∘ transport. Every stage
    /// below decode-last sees the raw response.
    /// </summary>
    private static TelemetryStage Build(HttpMessageInvoker invoker, BakongClientOptions options, TimeProvider clock)
    {
        Stage stage = new HttpTransport(invoker, options.BaseUrl, options.UserAgent, clock);
        stage = new RedactionStage(stage);
        stage = new DeadlineStage(options.Timeout, clock, stage);
        if (options.Retry.IsEnabled)
            stage = new RetryStage(options.Retry, clock, Random.Shared.NextDouble, stage);
        var source = options.TokenSource ?? (options.Token.ToOption().Case is AccessToken token ? new FixedAccessTokenSource(token) : null);
        stage = new AuthStage(source, stage);
        var logger = options.LoggerFactory?.CreateLogger<BakongClient>() ?? (ILogger)NullLogger.Instance;
        return new TelemetryStage(options.BaseUrl, logger, clock, new DecodeLast(stage));
    }
}
