using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Bakong.Functional.Testing;

/// <summary>
/// The emulator on a real socket: Kestrel on 127.0.0.1, no MVC, no logging. Transport faults happen on the wire
/// (aborted connections, short bodies, trickled bytes). It answers only to a <c>Host</c> of 127.0.0.1, localhost or
/// [::1] (with or without the port); any other gets HTTP 421 before any route runs. Dispose it to stop it.
/// </summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication app;
    // Cancelled on dispose, so a never-answering request does not hold shutdown hostage.
    private readonly CancellationTokenSource stopping = new();
    private int disposed;

    private EmulatorServer(WebApplication app, BakongEmulator emulator)
    {
        this.app = app;
        Emulator = emulator;
    }

    /// <summary>Where the server listens, such as <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The emulator whose state this server serves.</summary>
    public BakongEmulator Emulator { get; }

    internal static Task<EmulatorServer> StartAsync(BakongEmulator emulator, int port, CancellationToken cancellationToken) =>
        StartAsync(emulator, port, null, cancellationToken);

    /// <summary>Starts the server; <paramref name="front"/>, when given, sees each request first and answers it by returning true (the sandbox's dashboard).</summary>
    internal static async Task<EmulatorServer> StartAsync(BakongEmulator emulator, int port, Func<HttpContext, Task<bool>>? front, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, port);
            o.AddServerHeader = false;
            o.Limits.MaxRequestBodySize = 1 << 20;
        });
        var app = builder.Build();
        var server = new EmulatorServer(app, emulator);
        app.Run(async context =>
        {
            // Before any route: a page that rebinds its own name to 127.0.0.1 still sends its own Host.
            if (LoopbackGuard.RefuseHost(context.Request) is var (status, reason))
                await LoopbackGuard.WriteRefusalAsync(context, status, status == 421 ? "misdirected_request" : "bad_request", reason).ConfigureAwait(false);
            else if (front is null || !await front(context).ConfigureAwait(false))
                await server.HandleAsync(context).ConfigureAwait(false);
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is not null && Uri.TryCreate(address, UriKind.Absolute, out var uri))
            server.BaseUrl = new Uri($"http://127.0.0.1:{uri.Port}/");
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping.Token);
        var token = linked.Token;
        EmulatorReply reply;
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, token).ConfigureAwait(false);
            var authorization = context.Request.Headers.Authorization;
            reply = await Emulator.ReceiveAsync(
                context.Request.Method, context.Request.Path.Value ?? "/",
                authorization.Count == 0 ? null : authorization.ToString(), buffer.ToArray(), token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or BadHttpRequestException)
        {
            context.Abort();
            return;
        }
        if (reply.Delivery is Fault.ConnectionReset)
        {
            context.Abort();
            return;
        }
        var response = context.Response;
        response.StatusCode = reply.Status;
        if (reply.ContentType is { } type)
            response.ContentType = type;
        foreach (var (name, value) in reply.Headers)
            response.Headers[name] = value;
        response.ContentLength = reply.Body.Length;
        try
        {
            switch (reply.Delivery)
            {
                case Fault.TruncatedBody:
                    await response.Body.WriteAsync(reply.Body.AsMemory(0, reply.Body.Length / 2), token).ConfigureAwait(false);
                    await response.Body.FlushAsync(token).ConfigureAwait(false);
                    context.Abort();
                    break;
                case Fault.SlowDrip drip:
                    await response.StartAsync(token).ConfigureAwait(false);
                    for (var at = 0; at < reply.Body.Length; at += Math.Max(1, drip.ChunkSize))
                    {
                        if (drip.ChunkDelay > TimeSpan.Zero)
                            await Task.Delay(BakongEmulator.Limit(drip.ChunkDelay), Emulator.Time, token).ConfigureAwait(false);
                        await response.Body.WriteAsync(reply.Body.AsMemory(at, Math.Min(Math.Max(1, drip.ChunkSize), reply.Body.Length - at)), token).ConfigureAwait(false);
                        await response.Body.FlushAsync(token).ConfigureAwait(false);
                    }
                    break;
                default:
                    await response.Body.WriteAsync(reply.Body, token).ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client left mid-answer; nothing to tell anyone.
            context.Abort();
        }
    }

    /// <summary>Stops the server, cutting off any request still waiting.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
            return;
        await stopping.CancelAsync().ConfigureAwait(false);
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await app.StopAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Shutdown took too long; disposing below closes what is left.
            }
        }
        await app.DisposeAsync().ConfigureAwait(false);
        stopping.Dispose();
    }
}
