using System.Text;

namespace Bakong.Functional.Tests.Support;

/// <summary>The document's sample responses, kept as files under Fixtures/.</summary>
public static class Fixture
{
    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public static BakongResponse Response(string name, int status = 200) =>
        new(status, Encoding.UTF8.GetBytes(Text(name)), "application/json", Option<TimeSpan>.None);

    public static BakongResponse Json(string json, int status = 200) => BakongResponse.Of(status, json);

    /// <summary>The success value, failing the test with the error's summary otherwise.</summary>
    public static T Succ<T>(this Fin<T> fin) =>
        fin.Match(Succ: r => r, Fail: e => throw new Xunit.Sdk.XunitException($"expected Succ, got Fail: {e}"));

    /// <summary>The failure, which must be a <see cref="BakongError"/>: nothing the library returns is a bare LanguageExt error.</summary>
    public static BakongError Fail<T>(this Fin<T> fin) =>
        fin.Match(
            Succ: r => throw new Xunit.Sdk.XunitException($"expected Fail, got Succ: {r}"),
            Fail: e => e as BakongError ?? throw new Xunit.Sdk.XunitException($"expected a BakongError, got {e.GetType().Name}: {e}"));

    /// <summary>The failure as the exact case <typeparamref name="E"/>, failing the test otherwise.</summary>
    public static E FailAs<E, T>(this Fin<T> fin) where E : BakongError =>
        Assert.IsType<E>(fin.Fail());

    public const string Md5 = "d60f3db96913029a2af979a1662c1e72";
    public const string Hash = "8465d722d7d5065f2886f0a474a4d34dc6a7855355b611836f7b6111228893e9";

    public const string TransactionJson = """
        {"hash":"8465d722d7d5065f2886f0a474a4d34dc6a7855355b611836f7b6111228893e9","fromAccountId":"rieu_dhqj_1984@devb","toAccountId":"bridge_account@devb","currency":"USD","amount":1.0,"description":"testing bakong generator"}
        """;

    public static string Success(string data) => $$"""{"responseCode":0,"responseMessage":"ok","errorCode":null,"data":{{data}}}""";

    public static string Failure(int errorCode, string message = "failed") =>
        $$"""{"responseCode":1,"responseMessage":"{{message}}","errorCode":{{errorCode}},"data":null}""";
}
