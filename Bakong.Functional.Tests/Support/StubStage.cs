using Bakong.Functional.Runner;

namespace Bakong.Functional.Tests.Support;

/// <summary>
/// A fake next stage for testing one policy alone: it records every call it receives (with the time on its clock) and
/// answers the n-th call (1-based) with a response, which the endpoint then decodes, or with an error.
/// </summary>
internal sealed class StubStage(Func<int, Call, ValueTask<Fin<BakongResponse>>> answer, TimeProvider? clock = null) : Stage
{
    private readonly List<(Call Call, DateTimeOffset At)> calls = [];

    /// <summary>Answers every call the same way.</summary>
    public StubStage(BakongResponse response, TimeProvider? clock = null) : this((_, _) => new(response), clock) { }

    /// <summary>Answers the n-th call with <paramref name="answers"/>[n - 1], repeating the last one.</summary>
    public static StubStage Script(TimeProvider? clock, params Fin<BakongResponse>[] answers) =>
        new((n, _) => new(answers[Math.Min(n, answers.Length) - 1]), clock);

    public IReadOnlyList<(Call Call, DateTimeOffset At)> Calls { get { lock (calls) return calls.ToList(); } }

    public int Count { get { lock (calls) return calls.Count; } }

    internal override async ValueTask<Fin<A>> Send<A>(Endpoint<A> endpoint, Call call)
    {
        int n;
        lock (calls)
        {
            calls.Add((call, (clock ?? TimeProvider.System).GetUtcNow()));
            n = calls.Count;
        }
        var reply = await answer(n, call);
        return reply.Match(Succ: endpoint.Decode, Fail: Fin<A>.Fail);
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
}
