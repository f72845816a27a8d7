using System.Text;
using QRCoder;

namespace Bakong.Functional.Cli;

/// <summary>
/// A KHQR payload drawn as a QR code: in the terminal with half-block characters, as SVG, and as PNG. The payload is
/// written as its UTF-8 bytes in byte mode with no ECI header, which is what wallets read and what the md5 is taken of.
/// </summary>
internal sealed class QrImages
{
    // Medium error correction: room for a worn print, and a KHQR still fits a small version.
    private const QRCodeGenerator.ECCLevel Correction = QRCodeGenerator.ECCLevel.M;
    private const int PixelsPerModule = 10;

    private readonly string payload;
    private readonly List<System.Collections.BitArray> modules;

    private QrImages(string payload, List<System.Collections.BitArray> modules)
    {
        this.payload = payload;
        this.modules = modules;
    }

    /// <summary>The QR code for <paramref name="payload"/>; None with the reason when it cannot be made (too long).</summary>
    public static LanguageExt.Fin<QrImages> For(string payload)
    {
        try
        {
            using var data = Generate(payload);
            return new QrImages(payload, data.ModuleMatrix.Select(row => new System.Collections.BitArray(row)).ToList());
        }
#pragma warning disable CA1031 // Whatever QRCoder throws becomes data at this edge.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return BakongError.InvalidInput.Of("payload", $"cannot be drawn as a QR code: {e.Message}");
        }
    }

    // A renderer disposes the data it was given, so each image gets its own.
    private static QRCodeData Generate(string payload) => QRCodeGenerator.GenerateQrCode(payload, Correction, forceUtf8: true);

    /// <summary>Modules per side, the 4-module quiet zone included.</summary>
    public int Size => modules.Count;

    /// <summary>Whether the module at (<paramref name="row"/>, <paramref name="column"/>) is dark; outside the matrix is light.</summary>
    public bool IsDark(int row, int column) =>
        row >= 0 && row < Size && column >= 0 && column < Size && modules[row][column];

    /// <summary>
    /// The code as text, two module rows per line with <c>▀ ▄ █</c> and spaces, quiet zone included. By default light
    /// modules are drawn (for light text on a dark terminal); <paramref name="darkOnLight"/> draws the dark ones instead.
    /// </summary>
    public string Terminal(bool darkOnLight = false)
    {
        var text = new StringBuilder();
        for (var row = 0; row < Size; row += 2)
        {
            for (var column = 0; column < Size; column++)
            {
                // A drawn half is a lit character cell: light modules on a dark screen, dark ones on a light screen.
                var top = IsDark(row, column) == darkOnLight;
                var bottom = (row + 1 < Size ? IsDark(row + 1, column) : !darkOnLight) == darkOnLight;
                text.Append((top, bottom) switch
                {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    _ => ' ',
                });
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>An SVG image, black on white with the quiet zone, 10 pixels per module.</summary>
    public string Svg()
    {
        using var data = Generate(payload);
        using var svg = new SvgQRCode(data);
        // A viewBox, so the image scales to any box it is shown in (the dashboard shows it at 240 px).
        return svg.GetGraphic(PixelsPerModule, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }

    /// <summary>A 1-bit PNG image, black on white with the quiet zone, 10 pixels per module.</summary>
    public byte[] Png()
    {
        using var data = Generate(payload);
        using var png = new PngByteQRCode(data);
        return png.GetGraphic(PixelsPerModule, drawQuietZones: true);
    }
}
