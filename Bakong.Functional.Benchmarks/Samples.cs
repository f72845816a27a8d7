using System.Globalization;
using System.Text;

namespace Bakong.Functional.Benchmarks;

/// <summary>The inputs: the document's check_transaction_by_md5 success envelope and a 50-row batch envelope.</summary>
public static class Samples
{
    /// <summary>The endpoint of a builder known to accept its input.</summary>
    public static Endpoint<A> Valid<A>(LanguageExt.Fin<Endpoint<A>> endpoint) =>
        endpoint.IsSucc ? (Endpoint<A>)endpoint : throw new InvalidOperationException(BakongError.From(endpoint.IsFail ? (LanguageExt.Common.Error)endpoint : null).Summary);

    public const string Md5 = "d60f3db96913029a2af979a1662c1e72";

    public static readonly byte[] Md5Success = Encoding.UTF8.GetBytes("""
        {
          "responseCode": 0,
          "responseMessage": "Getting transaction successfully.",
          "data": {
            "hash": "8465d722d7d5065f2886f0a474a4d34dc6a7855355b611836f7b6111228893e9",
            "fromAccountId": "rieu_dhqj_1984@devb",
            "toAccountId": "bridge_account@devb",
            "currency": "USD",
            "amount": 1.0,
            "description": "testing bakong generator"
          }
        }
        """);

    public static readonly string[] BatchKeys = Enumerable.Range(0, 50).Select(i => i.ToString("x32", CultureInfo.InvariantCulture)).ToArray();

    public static readonly byte[] Batch50 = Encoding.UTF8.GetBytes(
        """{"responseCode":0,"responseMessage":"Getting transactions successfully.","errorCode":null,"data":["""
        + string.Join(",", BatchKeys.Select((k, i) => i % 5 == 4
            ? $$"""{"md5":"{{k}}","status":"NOT_FOUND","message":"Transaction could not be found."}"""
            : $$$"""{"md5":"{{{k}}}","status":"SUCCESS","message":"Getting transaction successfully.","data":{"hash":"{{{(i + 1000).ToString("x64", CultureInfo.InvariantCulture)}}}","fromAccountId":"payer{{{i}}}@abaa","toAccountId":"shop@devb","currency":"USD","amount":{{{i + 1}}}.25,"description":"order {{{i}}}","createdDateMs":1605774370608.0,"acknowledgedDateMs":1605774422421.0}}"""))
        + "]}");
}
