using System.Globalization;
using System.Text;
using QRCoder;

namespace Bakong.Functional.Cli.Sandbox;

/// <summary>A KHQR payload drawn as an SVG: one path of dark modules, crisp at any size, no script and no fonts.</summary>
internal static class QrSvg
{
    /// <summary>The SVG document for <paramref name="payload"/>, its bytes encoded as UTF-8 as KHQR requires, with a quiet zone.</summary>
    public static string Draw(string payload, int pixelsPerModule = 6)
    {
        using var generator = new QRCodeGenerator();
        // UTF-8 without a BOM: the md5 Bakong files the payment under is over exactly these bytes.
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M, forceUtf8: true);
        var matrix = data.ModuleMatrix;
        var size = matrix.Count;
        var svg = new StringBuilder(size * size * 4);
        var side = (size * pixelsPerModule).ToString(CultureInfo.InvariantCulture);
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"{side}\" height=\"{side}\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"KHQR code\">");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"");
        for (var y = 0; y < size; y++)
        {
            var row = matrix[y];
            for (var x = 0; x < size; x++)
            {
                if (!row[x])
                    continue;
                // A run of dark modules is one rectangle, which keeps the path short.
                var start = x;
                while (x + 1 < size && row[x + 1])
                    x++;
                svg.Append(CultureInfo.InvariantCulture, $"M{start} {y}h{x - start + 1}v1h-{x - start + 1}z");
            }
        }
        svg.Append("\"/></svg>");
        return svg.ToString();
    }
}
