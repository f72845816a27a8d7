using Bakong.Functional.Tests.Support;
using CsCheck;
using LanguageExt.Common;
using static LanguageExt.Prelude;
using LangErrors = LanguageExt.Common.Errors;

namespace Bakong.Functional.Tests.Errors;

/// <summary><see cref="BakongError.From"/> is total, and nothing the library returns needs it: every failure is already a BakongError.</summary>
public class BakongErrorFromTests
{
    [Fact]
    public void A_bakong_error_converts_to_itself()
    {
        Assert.All(BakongErrorTests.OneOfEach, e => Assert.Same(e, BakongError.From(e)));
    }

    [Fact]
    public void LanguageExt_cancellation_and_an_exceptional_operation_cancelled_are_cancelled()
    {
        Assert.IsType<BakongError.Cancelled>(BakongError.From(LangErrors.Cancelled));
        Assert.IsType<BakongError.Cancelled>(BakongError.From(Error.New(new OperationCanceledException())));
        Assert.IsType<BakongError.Cancelled>(BakongError.From(Error.New(new TaskCanceledException())));
    }

    [Fact]
    public void LanguageExt_timed_out_is_a_timeout()
    {
        Assert.IsType<BakongError.Timeout>(BakongError.From(LangErrors.TimedOut));
    }

    [Fact]
    public void Any_other_error_is_a_transport_error_with_its_message()
    {
        Assert.Equal(new BakongError.Transport("vault said no"), BakongError.From(Error.New("vault said no")));
        Assert.Equal(new BakongError.Transport("vault said no"), BakongError.From(Error.New(42, "vault said no")));
        Assert.Equal(new BakongError.Transport("InvalidOperationException: boom"), BakongError.From(Error.New(new InvalidOperationException("boom"))));
        Assert.IsType<BakongError.Transport>(BakongError.From(Error.Many(Error.New("one"), Error.New("two"))));
        Assert.IsType<BakongError.Transport>(BakongError.From(LangErrors.Bottom));
        Assert.IsType<BakongError.Transport>(BakongError.From(LangErrors.None));
    }

    [Fact]
    public void Null_is_a_transport_error()
    {
        Assert.Equal(new BakongError.Transport("no error was given"), BakongError.From(null));
    }

    [Fact]
    public void From_is_total_and_idempotent_on_generated_errors()
    {
        var exceptions = Gen.OneOf<Exception>(
            Gen.String.Select(m => (Exception)new InvalidOperationException(m)),
            Gen.String.Select(m => (Exception)new HttpRequestException(m)),
            Gen.String.Select(m => (Exception)new OperationCanceledException(m)),
            Gen.String.Select(m => (Exception)new TimeoutException(m)),
            Gen.String.Select(m => (Exception)new AggregateException(m, new InvalidOperationException())));
        var simple = Gen.OneOf<Error>(
            Gen.Select(Gen.Int, Gen.String, (code, message) => Error.New(code, message)),
            Gen.String.Select(message => Error.New(message)),
            exceptions.Select(Error.New),
            Gen.OneOf(BakongErrorTests.OneOfEach).Select(e => (Error)e),
            Gen.OneOf(LangErrors.Cancelled, LangErrors.TimedOut, LangErrors.Bottom, LangErrors.None, LangErrors.Closed));
        var errors = Gen.Frequency<Error>((4, simple), (1, simple.Array[0, 4].Select(es => (Error)Error.Many(es))));

        errors.Null().Sample(error =>
        {
            var converted = BakongError.From(error);
            Assert.NotNull(converted);
            Assert.False(converted.IsExceptional);
            Assert.Same(converted, BakongError.From(converted));
            Assert.False(string.IsNullOrEmpty(converted.Summary));
            if (error is BakongError same)
                Assert.Same(same, converted);
        }, iter: Generators.Many);
    }

    [Fact]
    public async Task A_handler_that_throws_gives_a_bakong_error_through_both_front_doors_never_an_exceptional()
    {
        var handler = new RecordingHandler(_ => throw new InvalidOperationException("handler bug"));
        var client = RecordingHandler.Client(handler);

        Error viaTask = (Error)await client.SendAsync(CheckTransactionByMd5.Create(Fixture.Md5));
        Error viaAff = (Error)await client.Send(CheckTransactionByMd5.Create(Fixture.Md5)).Run();

        Assert.All([viaTask, viaAff], error =>
        {
            Assert.False(error.IsExceptional);
            Assert.Equal("InvalidOperationException: handler bug", Assert.IsType<BakongError.Transport>(error).Reason);
        });
    }

    [Fact]
    public async Task Throwing_token_sources_mappings_and_progress_handlers_give_bakong_errors()
    {
        var found = new RecordingHandler(200, Envelopes.Found());
        var client = RecordingHandler.Client(found, token: null).WithTokenSource(new ThrowingSource());

        var source = (Error)await client.SendAsync(CheckTransactionByMd5.Create(Fixture.Md5));
        var mapping = (Error)await RecordingHandler.Client(found).SendAsync(CheckTransactionByMd5.Create(Fixture.Md5).Map(e => e.Map<int>(_ => throw new FormatException("mine"))));

        Assert.IsType<BakongError.Transport>(source);
        Assert.IsType<BakongError.Decode>(mapping);
        Assert.All([source, mapping], e => Assert.False(e.IsExceptional));
    }

    [Fact]
    public async Task An_exception_in_the_callers_own_query_is_exceptional_and_From_makes_it_a_transport_error()
    {
        var client = RecordingHandler.Client(new RecordingHandler(200, Envelopes.Found()));

        var query = from t in client.Send(CheckTransactionByMd5.Create(Fixture.Md5))
                    from bad in Eff<int>(() => throw new InvalidOperationException("caller bug"))
                    select t.Amount + bad;
        var error = (Error)await query.Run();

        Assert.True(error.IsExceptional);
        Assert.Equal("InvalidOperationException: caller bug", Assert.IsType<BakongError.Transport>(BakongError.From(error)).Reason);
    }

    private sealed class ThrowingSource : IAccessTokenSource
    {
        public ValueTask<Fin<AccessToken>> GetTokenAsync(CancellationToken cancellationToken = default) => throw new InvalidOperationException("vault");
        public ValueTask<Fin<AccessToken>> RenewAsync(AccessToken rejected, CancellationToken cancellationToken = default) => throw new InvalidOperationException("vault");
    }
}
