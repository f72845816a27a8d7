using System.Text;

namespace Bakong.Functional.Tests.Support;

/// <summary>The document's sample responses, kept as files under Fixtures/.</summary>
public static class Fixture
{
    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public static BakongResponse Response(string name, int status = 200) =>
        new(status, Encoding.UTF8.GetBytes(Text(name)), "application/json", Option<TimeSpan>.None);

    public static BakongResponse Json(string json, int status = 200) => BakongResponse.Of(status, json);

    public static T Right<T>(this Either<BakongError, T> either) =>
        either.Match(Right: r => r, Left: e => throw new Xunit.Sdk.XunitException($"expected Right, got Left: {e}"));

    public static BakongError Left<T>(this Either<BakongError, T> either) =>
        either.Match(Right: r => throw new Xunit.Sdk.XunitException($"expected Left, got Right: {r}"), Left: e => e);

    /// <summary>The Left as the exact case <typeparamref name="E"/>, failing the test otherwise.</summary>
    public static E LeftAs<E, T>(this Either<BakongError, T> either) where E : BakongError =>
        Assert.IsType<E>(either.Left());

    public const string Md5 = "d60f3db96913029a2af979a1662c1e72";
    public const string Hash = "8465d722d7d5065f2886f0a474a4d34dc6a7855355b611836f7b6111228893e9";

    public const string TransactionJson = """
        {"hash":"8465d722d7d5065f2886f0a474a4d34dc6a7855355b611836f7b6111228893e9","fromAccountId":"rieu_dhqj_1984@devb","toAccountId":"bridge_account@devb","currency":"USD","amount":1.0,"description":"testing bakong generator"}
        """;

    public static string Success(string data) => $$"""{"responseCode":0,"responseMessage":"ok","errorCode":null,"data":{{data}}}""";

    public static string Failure(int errorCode, string message = "failed") =>
        $$"""{"responseCode":1,"responseMessage":"{{message}}","errorCode":{{errorCode}},"data":null}""";
}
