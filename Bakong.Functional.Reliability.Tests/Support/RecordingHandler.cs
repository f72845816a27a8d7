using System.Net;
using System.Text;

namespace Bakong.Functional.Reliability.Tests.Support;

/// <summary>Counts every request that reaches it and answers 200 with a valid transaction; nothing touches the network.</summary>
public sealed class RecordingHandler : HttpMessageHandler
{
    private int count;

    public int Count => Volatile.Read(ref count);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref count);
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(Bodies.Success(Bodies.Transaction), Encoding.UTF8, "application/json"),
        });
    }
}
