using System.CommandLine;
using System.Globalization;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace Bakong.Functional.Cli;

/// <summary>The <c>bakong</c> command tree. Every command is a thin edge over the library: build an endpoint, send it, report.</summary>
internal sealed partial class BakongCli
{
    public const string TokenVariable = "BAKONG_TOKEN";
    public const string BaseUrlVariable = "BAKONG_BASE_URL";
    public static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(5);

    private readonly CliHost host;

    private readonly Option<string> token = new("--token")
    {
        Description = $"Access token for the endpoints that need one (default: ${TokenVariable}). Never printed.",
        Recursive = true,
    };

    private readonly Option<string> baseUrl = new("--base-url")
    {
        Description = $"Host to call, e.g. http://127.0.0.1:5000 (default: ${BaseUrlVariable}, else production).",
        Recursive = true,
    };

    private readonly Option<bool> sit = new("--sit")
    {
        Description = "Use the SIT test host, https://sit-api-bakong.nbc.gov.kh (--base-url wins over it).",
        Recursive = true,
    };

    private readonly Option<bool> json = new("--json")
    {
        Description = "Write one JSON document to stdout instead of text.",
        Recursive = true,
    };

    private readonly Option<TimeSpan?> timeout = new("--timeout")
    {
        Description = "Per request (default 30s); for 'wait', how long to wait for the payment (default 5m). E.g. 500ms, 30s, 5m.",
        Recursive = true,
        CustomParser = ParseDuration,
    };

    private readonly Option<bool> noRetry = new("--no-retry")
    {
        Description = "Do not retry read-only calls after 429, 5xx or network failures.",
        Recursive = true,
    };

    private readonly Option<bool> trace = new("--trace")
    {
        Description = "Print the command's spans (each Bakong call and its HTTP request, with timings) to stderr.",
        Recursive = true,
    };

    private readonly Option<bool> showToken = new("--show-token")
    {
        Description = "Print the access token itself (it is a secret; by default it is shown redacted).",
    };

    public BakongCli(CliHost host) => this.host = host;

    /// <summary>Parses and runs; returns the exit code. Usage errors are exit code 2.</summary>
    public static Task<int> RunAsync(string[] args, CliHost host, CancellationToken cancellationToken = default) =>
        new BakongCli(host).InvokeAsync(args, cancellationToken);

    public async Task<int> InvokeAsync(string[] args, CancellationToken cancellationToken)
    {
        var root = BuildRoot();
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
            return UsageError(parsed);
        // No termination timeout: Ctrl+C cancels the token the commands get (see Signals), and they report it themselves.
        return await parsed.InvokeAsync(
            new InvocationConfiguration { Output = host.Out, Error = host.Error, ProcessTerminationTimeout = null }, cancellationToken);
    }

    /// <summary>
    /// A command line that does not parse: each problem named by the flag or argument it is about, as text on stderr, or
    /// with <c>--json</c> as one <c>InvalidInput</c> document on stdout like any other error. Exit code 2.
    /// </summary>
    private int UsageError(ParseResult parsed)
    {
        var problems = Usage.Problems(parsed);
        if (Usage.WantsJson(parsed, json))
            return new Report(host, json: true, Usage.CommandName(parsed.CommandResult)).Fail(new BakongError.InvalidInput(LanguageExt.Prelude.toSeq(problems)));
        foreach (var problem in problems)
            host.Error.WriteLine($"error: {problem}");
        host.Error.WriteLine("Run 'bakong --help' (or 'bakong <command> --help') for usage.");
        return ExitCodes.InvalidInput;
    }

    public RootCommand BuildRoot()
    {
        var root = new RootCommand(
            "bakong: the Bakong Open API (National Bank of Cambodia) from the command line. Unofficial.\n" +
            "Start with 'bakong demo': the whole payment flow against a local emulator, offline.\n\n" +
            ExitCodes.Table)
        {
            token, baseUrl, sit, json, timeout, noRetry, trace,
        };
        root.Add(TokenCommands());
        root.Add(AccountCommands());
        root.Add(TransactionCommands());
        root.Add(DeeplinkCommand());
        root.Add(WaitCommand());
        root.Add(KhqrCommands());
        root.Add(DemoCommand());
        root.Add(SandboxCommand());
        return root;
    }

    private static TimeSpan? ParseDuration(ArgumentResult result)
    {
        var text = Usage.Token(result);
        var parsed = Durations.Parse(text);
        if (parsed is null)
            result.AddError($"'{text}' is not a duration; use e.g. 500ms, 30s, 5m or 1h (more than zero, at most a day)");
        return parsed;
    }

    private static Option<Currency> CurrencyOption() => new("--currency")
    {
        Description = "USD or KHR.",
        Required = true,
        CustomParser = Usage.OneOf("a currency", Currency.USD, Currency.KHR),
    };

    private static decimal? ParseAmount(ArgumentResult result)
    {
        var text = Usage.Token(result);
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount))
            return amount;
        result.AddError($"'{text}' is not an amount; use digits with an optional decimal point, e.g. 1.5 or 4000");
        return null;
    }

    // ------------------------------------------------------------ running a command

    /// <summary>What a command's body gets: its parse, a configured client, the report and the cancellation token.</summary>
    private sealed record Context(ParseResult Parse, BakongClient Client, Report Report, CancellationToken CancellationToken);

    /// <summary>Sets <paramref name="command"/>'s action: settings, then the client, then the body; any settings error is reported as data.</summary>
    private void Run(Command command, string name, bool requiresToken, Func<Context, Task<int>> body, TimeSpan? defaultTimeout = null)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            var report = new Report(host, parse.GetValue(json), name);
            using var tracing = Tracing.Start(parse.GetValue(trace), host.Error, name);
            var options = Options(parse, requiresToken, defaultTimeout);
            if (!options.IsSucc)
                return report.Fail(Report.Failure(options));
            using var http = host.Handler is { } handler
                ? new HttpClient(handler, disposeHandler: false)
                : new HttpClient();
            // The library keeps its own per-call timeout; HttpClient's 100 s must not cut a long wait short.
            http.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
            var client = new BakongClient(http, (BakongClientOptions)options);
            return await body(new Context(parse, client, report, cancellationToken));
        });
    }

    /// <summary>Settings from flags first, then the environment, then the defaults.</summary>
    private LanguageExt.Fin<BakongClientOptions> Options(ParseResult parse, bool requiresToken, TimeSpan? defaultTimeout)
    {
        var errors = new List<FieldError>();
        var options = new BakongClientOptions();

        var url = NonEmpty(parse.GetValue(baseUrl));
        if (url is not null)
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri))
                options.BaseUrl = uri;
            else
                errors.Add(new FieldError("--base-url", "must be an absolute URL such as https://api-bakong.nbc.gov.kh"));
        }
        else if (parse.GetValue(sit))
            options.BaseUrl = BakongEnvironment.Sit;
        else if (NonEmpty(host.GetEnvironmentVariable(BaseUrlVariable)) is { } fromEnv)
        {
            if (Uri.TryCreate(fromEnv, UriKind.Absolute, out var uri))
                options.BaseUrl = uri;
            else
                errors.Add(new FieldError(BaseUrlVariable, "must be an absolute URL such as https://api-bakong.nbc.gov.kh"));
        }

        var secret = NonEmpty(parse.GetValue(token)) ?? NonEmpty(host.GetEnvironmentVariable(TokenVariable));
        if (secret is not null)
        {
            var parsed = AccessToken.From(secret);
            if (parsed.IsSucc)
                options.Token = (AccessToken)parsed;
            else if (Report.Failure(parsed) is BakongError.InvalidInput bad)
                // The library's reason says what a bearer token may hold; the field is named as the user knows it.
                errors.AddRange(bad.Errors.Map(f => f with { Field = "--token" }));
            else
                errors.Add(new FieldError("--token", "is not a valid bearer token"));
        }
        else if (requiresToken)
            errors.Add(new FieldError("--token", $"this command needs an access token: pass --token or set {TokenVariable} (get one with 'bakong token verify' or 'bakong token renew')"));

        var perCall = parse.GetValue(timeout);
        options.Timeout = defaultTimeout is null && perCall is { } t1 ? t1
            : perCall is { } t2 && t2 < options.Timeout ? t2
            : options.Timeout;
        if (parse.GetValue(noRetry))
            options.Retry = RetryPolicy.None;

        if (errors.Count > 0)
            return new BakongError.InvalidInput(LanguageExt.Prelude.Seq(errors.ToArray()));
        var valid = options.Validate();
        if (valid.IsSucc)
            return options;
        // The library names the option; the user typed the flag.
        return Report.Failure(valid) is BakongError.InvalidInput i
            ? new BakongError.InvalidInput(i.Errors.Map(f => f.Field == nameof(BakongClientOptions.BaseUrl) ? f with { Field = "--base-url" } : f))
            : Report.Failure(valid);
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
