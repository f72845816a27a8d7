namespace Bakong.Functional.Reliability.Tests.Support;

public static class Results
{
    public static T Right<T>(this Either<BakongError, T> either) =>
        either.Match(Right: r => r, Left: e => throw new Xunit.Sdk.XunitException($"expected Right, got Left: {e}"));

    public static BakongError Left<T>(this Either<BakongError, T> either) =>
        either.Match(Right: r => throw new Xunit.Sdk.XunitException($"expected Left, got Right: {r}"), Left: e => e);

    /// <summary>The Left as the exact case <typeparamref name="E"/>, failing the test otherwise.</summary>
    public static E LeftAs<E, T>(this Either<BakongError, T> either) where E : BakongError =>
        Assert.IsType<E>(either.Left());

    public static Either<BakongError, object> Boxed<T>(this Either<BakongError, T> either) => either.Map(x => (object)x!);

    public const string Canary = "SECRET-TOKEN-canary-1234";

    public static AccessToken CanaryToken => AccessToken.From(Canary).Right();

    public const string Md5 = "d60f3db96913029a2af979a1662c1e72";
    public const string Hash = "8465d722d7d5065f2886f0a474a4d34dc6a7855355b611836f7b6111228893e9";
}
