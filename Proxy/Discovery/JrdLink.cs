namespace RsResumeProxy.Discovery;

/// <summary>Where the parts of one JRD link object lie in the document, as
/// <see cref="JrdRewriter"/> found them (byte offsets into the JSON text).</summary>
internal sealed class JrdLink
{
    public enum PropertiesShape { Absent, Object, Null, Other }

    public string? Rel { get; set; }

    public int RelCount { get; set; }

    /// <summary>True while no member was seen: "{}".</summary>
    public bool Empty { get; set; } = true;

    /// <summary>The offset just past the value of the link's last member.</summary>
    public long LastValueEnd { get; set; } = -1;

    /// <summary>The offset of the link's closing '}'.</summary>
    public long Close { get; set; }

    public PropertiesShape Properties { get; set; }

    public int PropertiesCount { get; set; }

    /// <summary>The bytes [PropertiesValueStart, PropertiesValueEnd) hold the properties value.</summary>
    public long PropertiesValueStart { get; set; } = -1;

    public long PropertiesValueEnd { get; set; } = -1;

    /// <summary>The offset of the properties object's '{'.</summary>
    public long PropertiesOpen { get; set; } = -1;

    public bool PropertiesEmpty { get; set; } = true;

    /// <summary>The offset just past the value of the properties object's last member.</summary>
    public long PropertiesLastValueEnd { get; set; } = -1;

    public int ExistingCount { get; set; }

    /// <summary>The bytes [ExistingValueStart, ExistingValueEnd) hold the value the property already has.</summary>
    public long ExistingValueStart { get; set; } = -1;

    public long ExistingValueEnd { get; set; } = -1;

    public bool ExistingValueMatches { get; set; }

    /// <summary>A member given twice: which one a client reads is up to its parser, so the link is
    /// not edited.</summary>
    public bool IsAmbiguous => RelCount > 1 || PropertiesCount > 1 || ExistingCount > 1;
}
