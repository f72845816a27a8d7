using Bakong.Functional.Tests.Support;
using static LanguageExt.Prelude;

namespace Bakong.Functional.Tests.Workflows;

/// <summary>The renewal both token sources are built on, with a renewal function of the test's own.</summary>
public class TokenRenewalTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static AccessToken Token(string name) => Envelopes.Access(Envelopes.Jwt(Now, Now.AddDays(90), name));

    [Fact]
    public async Task A_renewal_that_throws_is_a_transport_error_held_nowhere_and_the_next_call_renews_again()
    {
        var calls = 0;
        var renewal = new TokenRenewal(None, _ => ++calls == 1 ? throw new InvalidOperationException("broken") : Task.FromResult<Fin<AccessToken>>(Token("second")));

        var first = await renewal.HeldOrRenewed(TimeSpan.FromDays(1), TimeProvider.System, default);

        Assert.Equal("renewal failed: InvalidOperationException", Assert.IsType<BakongError.Transport>((LanguageExt.Common.Error)first).Reason);
        Assert.True(renewal.Current.IsNone);
        Assert.Equal(Token("second"), (AccessToken)await renewal.HeldOrRenewed(TimeSpan.FromDays(1), TimeProvider.System, default));
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task After_a_refusal_with_no_refused_token_given_it_renews_the_held_one()
    {
        var stale = new List<Option<AccessToken>>();
        var renewal = new TokenRenewal(Token("held"), s => { stale.Add(s); return Task.FromResult<Fin<AccessToken>>(Token("new")); });

        var renewed = await renewal.AfterRefusal(null, default);

        Assert.Equal(Token("new"), (AccessToken)renewed);
        Assert.Equal(Token("held"), (AccessToken)Assert.Single(stale));
    }

    [Fact]
    public async Task After_a_refusal_of_a_token_already_replaced_it_answers_the_new_one_without_renewing()
    {
        var calls = 0;
        var renewal = new TokenRenewal(Token("new"), _ => { calls++; return Task.FromResult<Fin<AccessToken>>(Token("newer")); });

        Assert.Equal(Token("new"), (AccessToken)await renewal.AfterRefusal(Token("old"), default));
        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task Callers_that_found_no_token_share_one_renewal_and_a_caller_after_it_takes_its_token()
    {
        var gate = new TaskCompletionSource<Fin<AccessToken>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        var renewal = new TokenRenewal(None, _ => { calls++; return gate.Task; });

        var waiting = Enumerable.Range(0, 20).Select(_ => renewal.HeldOrRenewed(TimeSpan.FromDays(1), TimeProvider.System, default).AsTask()).ToArray();
        gate.SetResult(Token("shared"));
        var tokens = await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.All(tokens, t => Assert.Equal(Token("shared"), (AccessToken)t));
        Assert.Equal(Token("shared"), (AccessToken)await renewal.AfterRefusal(Token("never held"), default));
        Assert.Equal(1, calls);
    }
}
