namespace Bakong.Functional.Reliability.Tests.Support;

/// <summary>Response bodies in the document's shapes.</summary>
public static class Bodies
{
    public const string Transaction = """{"hash":"8465d722d7d5065f2886f0a474a4d34dc6a7855355b611836f7b6111228893e9","fromAccountId":"rieu_dhqj_1984@devb","toAccountId":"bridge_account@devb","currency":"USD","amount":1.0,"description":"testing bakong generator","createdDateMs":1605774370608.0,"acknowledgedDateMs":1605774371000,"trackingStatus":"ACKNOWLEDGED_BY_FI","receiverBank":"ABA","receiverBankAccount":"000111222","instructionRef":"INS-1","externalRef":"EXT-1"}""";

    public static string Success(string data) => $$"""{"responseCode":0,"responseMessage":"Getting transaction successfully.","errorCode":null,"data":{{data}}}""";

    public static string Failure(string errorCode, string message = "failed") =>
        $$"""{"responseCode":1,"responseMessage":"{{message}}","errorCode":{{errorCode}},"data":null}""";

    /// <summary>The transaction with one field's JSON value replaced.</summary>
    public static string TransactionWith(string field, string json)
    {
        var start = Transaction.IndexOf($"\"{field}\":", StringComparison.Ordinal);
        if (start < 0) throw new ArgumentException(field);
        var valueStart = start + field.Length + 3;
        var depth = 0;
        var inString = false;
        var i = valueStart;
        for (; i < Transaction.Length; i++)
        {
            var c = Transaction[i];
            if (inString) { if (c == '"' && Transaction[i - 1] != '\\') inString = false; continue; }
            if (c == '"') inString = true;
            else if (c is '{' or '[') depth++;
            else if (c is '}' or ']') { if (depth == 0) break; depth--; }
            else if (c == ',' && depth == 0) break;
        }
        return Transaction[..valueStart] + json + Transaction[i..];
    }

    /// <summary>The transaction without one field.</summary>
    public static string TransactionWithout(string field)
    {
        var replaced = TransactionWith(field, "@@");
        return replaced.Replace($"\"{field}\":@@,", "", StringComparison.Ordinal).Replace($",\"{field}\":@@", "", StringComparison.Ordinal);
    }

    public const string Html403 = "<!DOCTYPE html><html><head><title>403 Forbidden</title></head><body><h1>Access denied</h1><p>Your country is not allowed.</p></body></html>";
    public const string Html502 = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
}
