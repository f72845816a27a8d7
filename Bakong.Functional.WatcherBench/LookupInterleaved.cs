using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Bakong.Functional.Testing;

namespace Bakong.Functional.WatcherBench;

/// <summary>
/// The same lookup against two emulators, one with 1 payment seeded and one with 10,000, measured in alternating rounds
/// so that load from anything else on the machine falls on both alike. The figure is the median of the per-round ratios.
/// </summary>
public static class LookupInterleaved
{
    public static async Task Print(int rounds = 301, int perRound = 3_000)
    {
        Console.WriteLine("| Lookup (in process, alternating rounds) | median µs, 1 seeded | median µs, 10,000 seeded | median ratio 10,000 / 1 | ratio p10 to p90 |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (name, path, body) in Cases())
        {
            using var one = Target.Seed(1, path, body);
            using var many = Target.Seed(10_000, path, body);
            for (var i = 0; i < 2_000; i++)
            {
                await one.Send();
                await many.Send();
            }
            var a = new List<double>();
            var b = new List<double>();
            var ratios = new List<double>();
            for (var r = 0; r < rounds; r++)
            {
                // Alternate which goes first, so neither always follows the other.
                double x, y;
                if (r % 2 == 0)
                {
                    x = await one.Time(perRound);
                    y = await many.Time(perRound);
                }
                else
                {
                    y = await many.Time(perRound);
                    x = await one.Time(perRound);
                }
                a.Add(x);
                b.Add(y);
                ratios.Add(y / x);
            }
            a.Sort();
            b.Sort();
            ratios.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {a[a.Count / 2]:0.00} | {b[b.Count / 2]:0.00} | {ratios[ratios.Count / 2]:0.000} | {ratios[ratios.Count / 10]:0.000} to {ratios[ratios.Count * 9 / 10]:0.000} |"));
        }
    }

    private static IEnumerable<(string Name, string Path, Func<EmulatedPayment, string> Body)> Cases() =>
    [
        ("md5: found", CheckTransactionByMd5.Path, p => $"{{\"md5\":\"{p.Md5}\"}}"),
        ("md5: not found", CheckTransactionByMd5.Path, _ => "{\"md5\":\"ffffffffffffffffffffffffffffffff\"}"),
        ("hash: found", CheckTransactionByHash.Path, p => $"{{\"hash\":\"{p.Hash}\"}}"),
        ("short hash: found", CheckTransactionByShortHash.Path, p => $"{{\"hash\":\"{p.ShortHash}\",\"amount\":1.5,\"currency\":\"USD\"}}"),
    ];

    private sealed class Target : IDisposable
    {
        private readonly BakongEmulator emulator;
        private readonly HttpMessageInvoker invoker;
        private readonly string token;
        private readonly string path;
        private readonly byte[] body;

        private Target(BakongEmulator emulator, HttpMessageInvoker invoker, string token, string path, byte[] body) =>
            (this.emulator, this.invoker, this.token, this.path, this.body) = (emulator, invoker, token, path, body);

        public static Target Seed(int count, string path, Func<EmulatedPayment, string> body)
        {
            var emulator = new BakongEmulator();
            // The payment looked up is the first seeded: the worst case for a newest-first search.
            var first = emulator.AddPayment(new PaymentSeed { Md5 = Md5(0), Amount = 1.5m });
            for (var i = 1; i < count; i++)
                emulator.AddPayment(new PaymentSeed { Md5 = Md5(i), Amount = 1.5m });
            return new Target(emulator, new HttpMessageInvoker(emulator.CreateHandler()), emulator.IssueToken().Reveal(), path, Encoding.UTF8.GetBytes(body(first)));
        }

        /// <summary>Microseconds per lookup over <paramref name="n"/> lookups.</summary>
        public async Task<double> Time(int n)
        {
            // The request log would otherwise grow by every lookup timed.
            emulator.ClearRequests();
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < n; i++)
                await Send();
            return watch.Elapsed.TotalMicroseconds / n;
        }

        public async Task Send()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("http://127.0.0.1" + path)) { Content = new ByteArrayContent(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await invoker.SendAsync(request, CancellationToken.None);
        }

        public void Dispose() => invoker.Dispose();

        private static string Md5(int i) => i.ToString("x32", CultureInfo.InvariantCulture);
    }
}
