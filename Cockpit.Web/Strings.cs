namespace Cockpit.Web;

/// <summary>The UI texts: Resources/Strings.resx (Simplified Chinese, the default) and Strings.en.resx (English).</summary>
public sealed class Strings;
