using Bakong.Functional.Runner;

namespace Bakong.Functional.Tests.Support;

/// <summary>
/// A fake next stage for testing one policy alone: it records every call it receives (with the request and the time on
/// its clock) and answers the n-th call (1-based) with a raw response or an error. It never decodes: stages see raw
/// answers, and the endpoint's decoder runs only in <see cref="DecodeLast"/>.
/// </summary>
internal sealed class StubStage(Func<int, Call, ValueTask<Fin<BakongResponse>>> answer, TimeProvider? clock = null) : Stage
{
    private readonly List<(Call Call, DateTimeOffset At, BakongRequest Request)> calls = [];

    /// <summary>Answers every call the same way.</summary>
    public StubStage(BakongResponse response, TimeProvider? clock = null) : this((_, _) => new(response), clock) { }

    /// <summary>Answers the n-th call with <paramref name="answers"/>[n - 1], repeating the last one.</summary>
    public static StubStage Script(TimeProvider? clock, params Fin<BakongResponse>[] answers) =>
        new((n, _) => new(answers[Math.Min(n, answers.Length) - 1]), clock);

    public IReadOnlyList<(Call Call, DateTimeOffset At, BakongRequest Request)> Calls { get { lock (calls) return calls.ToList(); } }

    public int Count { get { lock (calls) return calls.Count; } }

    internal override async ValueTask<Fin<BakongResponse>> Send(BakongRequest request, Call call)
    {
        int n;
        lock (calls)
        {
            calls.Add((call, (clock ?? TimeProvider.System).GetUtcNow(), request));
            n = calls.Count;
        }
        return await answer(n, call);
    }
}

/// <summary>Responses and calls for the stage tests.</summary>
internal static class Replies
{
    public static Fin<BakongResponse> Ok(string body) => BakongResponse.Of(200, body);

    public static Fin<BakongResponse> Status(int status, string body = "", TimeSpan? retryAfter = null) =>
        new BakongResponse(status, System.Text.Encoding.UTF8.GetBytes(body), "text/plain", retryAfter is { } r ? Prelude.Some(r) : Option<TimeSpan>.None);

    public static Fin<BakongResponse> Error(BakongError error) => error;

    public static readonly Fin<BakongResponse> Found = BakongResponse.Of(200, Envelopes.Found());

    public static Call Call(AccessToken? token = null, CancellationToken cancellationToken = default) =>
        new(token, BakongClientOptions.DefaultMaxResponseBytes, cancellationToken);

    /// <summary>
    /// Runs <paramref name="endpoint"/> through <paramref name="stage"/> and then its decoder, once, as the client does:
    /// for tests that assert what a stage's raw answer means to the caller.
    /// </summary>
    public static ValueTask<Fin<A>> Send<A>(this Stage stage, Endpoint<A> endpoint, Call call) =>
        new DecodeLast(stage).Send(endpoint, call);
}
