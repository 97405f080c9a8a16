using System.Text;

namespace Cockpit.Etl;

/// <summary>Encodings of the files departments produce.</summary>
public static class TextEncodings
{
    /// <summary>GB18030: what Excel's plain "CSV" writes on a Chinese Windows PC (a superset of GBK / code page 936).</summary>
    public static Encoding Gb18030 { get; } = Create();

    private static Encoding Create()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    }
}
