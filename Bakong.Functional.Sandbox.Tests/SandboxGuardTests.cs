using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Bakong.Functional.Sandbox.Tests.Support;

namespace Bakong.Functional.Sandbox.Tests;

/// <summary>
/// The sandbox as a malicious web page sees it, request by request: every action under each Origin and
/// Sec-Fetch-Site a browser could send, and foreign Host names (DNS rebinding) on the sandbox and the emulator server.
/// </summary>
public sealed class SandboxGuardTests : IAsyncLifetime
{
    private SandboxServer sandbox = null!;
    private readonly HttpClient http = new(new HttpClientHandler { AllowAutoRedirect = false });
    private SandboxApi api = null!;
    private string md5 = "";

    public async Task InitializeAsync()
    {
        sandbox = (SandboxServer)await SandboxServer.StartAsync(new SandboxSettings(0, TimeSpan.Zero, SandboxSeed.Empty));
        api = new SandboxApi(http, sandbox.BaseUrl);
        md5 = await api.MakeQrAsync(new { amount = "1.00" });
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await sandbox.DisposeAsync();
    }

    /// <summary>Each action with its body, and the status it answers when allowed.</summary>
    public static readonly TheoryData<string, string, int> Actions = new()
    {
        { "qr", "{\"amount\":\"2.00\"}", 201 },
        { "payments/{md5}/pay", "{}", 200 },
        { "payments/{md5}/fail", "{}", 200 },
        { "faults", "{\"kind\":\"latency\",\"delay\":\"1ms\"}", 200 },
        { "faults/clear", "{}", 200 },
        { "tokens", "{}", 200 },
        { "tokens/expire", "{}", 200 },
    };

    /// <summary>Headers another site's page makes a browser send ({port} is the sandbox's, {other} another local port).</summary>
    public static readonly TheoryData<string, string> CrossSite = new()
    {
        { "Origin", "http://evil.example" },
        { "Origin", "null" },
        { "Origin", "http://127.0.0.1:{other}" },
        { "Origin", "https://127.0.0.1:{port}" },
        { "Origin", "http://127.0.0.1.evil.example:{port}" },
        { "Sec-Fetch-Site", "cross-site" },
        { "Sec-Fetch-Site", "same-site" },
    };

    public static IEnumerable<object[]> RefusedCases() =>
        from action in Actions from header in CrossSite select new[] { action[0], action[1], header[0], header[1] };

    public static IEnumerable<object[]> AllowedCases() =>
        from action in Actions
        from headers in new[] { "", "Origin=http://127.0.0.1:{port}|Sec-Fetch-Site=same-origin", "Origin=http://localhost:{port}", "Sec-Fetch-Site=none" }
        select new[] { action[0], action[1], action[2], headers };

    [Theory]
    [MemberData(nameof(RefusedCases))]
    public async Task An_action_from_another_site_is_403_json_and_changes_nothing(string action, string body, string header, string value)
    {
        var before = await StateAsync();

        using var response = await PostAsync(action, body, "application/json", (header, value));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var refusal = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("cross_site_request", refusal.RootElement.GetProperty("error").GetString());
        Assert.Contains(header, refusal.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync());
    }

    [Theory]
    [MemberData(nameof(RefusedCases))]
    public async Task A_form_from_another_site_is_403_not_a_redirect(string action, string body, string header, string value)
    {
        _ = body;
        var before = await StateAsync();
        var form = action == "qr" ? "amount=2.00" : action == "faults" ? "kind=latency" : "";

        using var response = await PostAsync(action, form, "application/x-www-form-urlencoded", (header, value));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await StateAsync());
    }

    [Theory]
    [MemberData(nameof(AllowedCases))]
    public async Task Scripts_and_the_dashboards_own_pages_may_act(string action, string body, int status, string headers)
    {
        var pairs = headers.Length == 0 ? [] : headers.Split('|').Select(h => (h[..h.IndexOf('=')], h[(h.IndexOf('=') + 1)..])).ToArray();

        using var response = await PostAsync(action, body, "application/json", pairs);

        Assert.Equal(status, (int)response.StatusCode);
    }

    [Fact]
    public async Task Paying_from_another_site_leaves_the_payment_pending()
    {
        using var response = await PostAsync("payments/{md5}/pay", "", "application/x-www-form-urlencoded", ("Origin", "http://evil.example"), ("Sec-Fetch-Site", "cross-site"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(PaymentStatus.Pending, sandbox.Emulator.Overview().Payments.Single(p => p.Md5 == md5).Status);
        Assert.Null(sandbox.Emulator.Payment(md5));
    }

    /// <summary>Host values and the status each gets; {port} is the server's own.</summary>
    public static readonly TheoryData<string, int> Hosts = new()
    {
        { "127.0.0.1:{port}", 200 },
        { "127.0.0.1", 200 },
        { "localhost:{port}", 200 },
        { "localhost", 200 },
        { "LOCALHOST:{port}", 200 },
        { "[::1]:{port}", 200 },
        { "[::1]", 200 },
        { "evil.example", 421 },
        { "evil.example:{port}", 421 },
        { "127.0.0.1:{other}", 421 },
        { "localhost.evil.example", 421 },
        { "127.0.0.2:{port}", 421 },
        { "0.0.0.0:{port}", 421 },
    };

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task The_sandbox_answers_only_loopback_host_names_before_any_route(string host, int status)
    {
        foreach (var (method, path) in new[] { ("GET", "/"), ("GET", "/_sandbox/state"), ("POST", CheckTransactionByMd5.Path), ("POST", $"/_sandbox/payments/{md5}/pay") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(sandbox.BaseUrl, path));
            request.Headers.Host = Fill(host, sandbox.BaseUrl.Port);
            if (method == "POST")
                request.Content = new StringContent(path.StartsWith("/v1", StringComparison.Ordinal) ? $"{{\"md5\":\"{md5}\"}}" : "{}", Encoding.UTF8, "application/json");
            using var response = await http.SendAsync(request);
            if (status == 421)
            {
                Assert.Equal((HttpStatusCode)421, response.StatusCode);
                var text = await response.Content.ReadAsStringAsync();
                Assert.Contains("\"error\":\"misdirected_request\"", text, StringComparison.Ordinal);
                Assert.DoesNotContain(sandbox.Token.Reveal(), text, StringComparison.Ordinal);
            }
            else
            {
                Assert.NotEqual((HttpStatusCode)421, response.StatusCode);
            }
        }
        // A refused Host never reached the payment; an allowed one paid it.
        Assert.Equal(status == 421, sandbox.Emulator.Payment(md5) is null);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task The_emulator_server_answers_only_loopback_host_names(string host, int status)
    {
        var emulator = new BakongEmulator();
        var token = emulator.IssueToken();
        await using var server = await emulator.StartServerAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseUrl, CheckTransactionByMd5.Path))
        {
            Content = new StringContent($"{{\"md5\":\"{md5}\"}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Host = Fill(host, server.BaseUrl.Port);
        request.Headers.Authorization = new("Bearer", token.Reveal());

        using var response = await http.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(status == 421 ? 0 : 1, emulator.Requests.Count);
    }

    [Fact]
    public async Task A_request_without_a_host_is_400()
    {
        // HTTP/1.0 lets a client leave Host out; HttpClient always sends one, so this is written by hand.
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, sandbox.BaseUrl.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /_sandbox/state HTTP/1.0\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var answer = await reader.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
        Assert.DoesNotContain(sandbox.Token.Reveal(), answer, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> PostAsync(string action, string body, string contentType, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(sandbox.BaseUrl, "_sandbox/" + action.Replace("{md5}", md5, StringComparison.Ordinal)))
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        foreach (var (name, value) in headers)
            request.Headers.TryAddWithoutValidation(name, Fill(value, sandbox.BaseUrl.Port));
        return await http.SendAsync(request);
    }

    /// <summary>What an action could change: payments, faults, tokens.</summary>
    private async Task<string> StateAsync()
    {
        var (_, state) = await api.GetAsync("_sandbox/state");
        return string.Join("\n", new[] { "payments", "faults", "validTokens", "token" }.Select(p => state.GetProperty(p).GetRawText()));
    }

    private static string Fill(string text, int port) =>
        text.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{other}", (port == 65535 ? port - 1 : port + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
