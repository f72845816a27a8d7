using System.Net.Http.Json;
using System.Text.Json;

namespace Bakong.Functional.Sandbox.Tests.Support;

/// <summary>The sandbox's JSON endpoints, as a script would call them.</summary>
public sealed class SandboxApi(HttpClient http, Uri baseUrl)
{
    public async Task<(int Status, JsonElement Body)> PostAsync(string path, object? body = null)
    {
        using var content = body is null ? null : JsonContent.Create(body);
        using var response = await http.PostAsync(new Uri(baseUrl, path), content);
        return ((int)response.StatusCode, await ReadAsync(response));
    }

    public async Task<(int Status, JsonElement Body)> GetAsync(string path)
    {
        using var response = await http.GetAsync(new Uri(baseUrl, path));
        return ((int)response.StatusCode, await ReadAsync(response));
    }

    /// <summary>Makes a QR through <c>/_sandbox/qr</c> and returns its md5.</summary>
    public async Task<string> MakeQrAsync(object request)
    {
        var (status, body) = await PostAsync("_sandbox/qr", request);
        Assert.Equal(201, status);
        return body.GetProperty("md5").GetString()!;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return document.RootElement.Clone();
    }
}
