using LanguageExt.Common;

namespace Bakong.Functional.Reliability.Tests.Support;

public static class Results
{
    public static T Succ<T>(this Fin<T> fin) =>
        fin.Match(Succ: r => r, Fail: e => throw new Xunit.Sdk.XunitException($"expected Succ, got Fail: {e}"));

    /// <summary>The failure, which must be a <see cref="BakongError"/>: the library never hands back any other <see cref="Error"/>.</summary>
    public static BakongError Fail<T>(this Fin<T> fin) =>
        fin.Match(Succ: r => throw new Xunit.Sdk.XunitException($"expected Fail, got Succ: {r}"), Fail: e => Assert.IsAssignableFrom<BakongError>(e));

    /// <summary>The failure as the exact case <typeparamref name="E"/>, failing the test otherwise.</summary>
    public static E FailAs<E, T>(this Fin<T> fin) where E : BakongError =>
        Assert.IsType<E>(fin.Fail());

    public static Fin<object> Boxed<T>(this Fin<T> fin) => fin.Map(x => (object)x!);

    public const string Canary = "SECRET-TOKEN-canary-1234";

    public static AccessToken CanaryToken => AccessToken.From(Canary).Succ();

    public const string Md5 = "d60f3db96913029a2af979a1662c1e72";
    public const string Hash = "8465d722d7d5065f2886f0a474a4d34dc6a7855355b611836f7b6111228893e9";
}
